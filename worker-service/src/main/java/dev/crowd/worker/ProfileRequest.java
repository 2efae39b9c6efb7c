package dev.crowd.worker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What an annotator says about themselves.
 *
 * @param languages ISO 639-1 codes, e.g. "en"
 * @param skills    codes from {@code GET /skills}
 * @param country   ISO 3166-1 alpha-2, e.g. "DE"
 * @param timezone  IANA zone id, e.g. "Europe/Berlin"
 */
public record ProfileRequest(
        @NotBlank @Size(max = 80) String displayName,
        @NotNull @Size(max = 20) List<@NotBlank String> languages,
        @NotNull @Size(max = 30) List<@NotBlank String> skills,
        @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        @Size(max = 64) String timezone) {
}

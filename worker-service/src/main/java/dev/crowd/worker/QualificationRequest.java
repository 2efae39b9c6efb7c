package dev.crowd.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A qualification and its test.
 *
 * @param code                the name jobs require it by (lower-case, digits, dashes)
 * @param passMark            percentage of correct answers needed to pass, 1..100
 * @param retakeCooldownHours hours before a failed (or any) attempt may be retaken
 * @param validityDays        days a pass stays valid; null: forever
 */
public record QualificationRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be 2-63 lower-case letters, digits or dashes")
        String code,
        @NotBlank @Size(max = 120) String name,
        @Size(max = 2000) String description,
        @NotNull @Min(1) @Max(100) Integer passMark,
        @NotNull @Min(0) @Max(8760) Integer retakeCooldownHours,
        @Min(1) @Max(3650) Integer validityDays,
        @NotEmpty @Size(max = 200) List<@Valid @NotNull Question> questions) {

    /** A multiple-choice question; {@code answer} must be one of {@code options}. */
    public record Question(@NotBlank @Size(max = 2000) String prompt,
                           @NotNull @Size(min = 2, max = 20) List<@NotBlank String> options,
                           @NotBlank String answer) {
    }
}

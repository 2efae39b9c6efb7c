package dev.crowd.worker.rest;

import dev.crowd.worker.Sanction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** Small request bodies. */
public final class Requests {

    /** Answers by question id (as served by {@code GET /qualifications/{id}/test}). */
    public record AttemptRequest(@NotNull Map<String, String> answers) {
    }

    public record SanctionRequest(@NotNull Sanction.Action action, @NotNull Sanction.Scope scope, UUID jobId,
                                  @NotBlank @Size(max = 1000) String reason, OffsetDateTime expiresAt) {
    }

    public record ReasonRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    public record SanctionAppealRequest(@NotNull UUID sanctionId, @NotBlank @Size(max = 4000) String message) {
    }

    public record SanctionAppealDecision(@NotNull Boolean accept, @NotBlank @Size(max = 2000) String resolution) {
    }

    private Requests() {
    }
}

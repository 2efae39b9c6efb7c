package dev.crowd.qa.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Request and response bodies of the appeals endpoints. */
public final class AppealViews {

    public record NewAppeal(@NotNull UUID assignmentId, @NotNull UUID itemId,
                            @NotBlank @Size(max = 2000) String comment) {
    }

    public enum Outcome { UPHOLD, DENY }

    public record Decision(@NotNull Outcome outcome, @Size(max = 2000) String comment) {
    }

    /**
     * @param rejectionReason why the answer was rejected; for the annotator a control item's expected
     *                        label is never shown
     */
    public record AppealView(UUID id, UUID jobId, UUID itemId, UUID assignmentId, String workerId, String answer,
                             String rejectionReason, String comment, String status, String decisionComment,
                             String decidedBy, OffsetDateTime createdAt, OffsetDateTime decidedAt) {
    }

    private AppealViews() {
    }
}

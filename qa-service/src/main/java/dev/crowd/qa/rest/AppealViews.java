package dev.crowd.qa.rest;

import dev.crowd.qa.service.AppealService.AppealReport;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
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
     * @param rejectionReason why the answer was rejected; for annotators worded the same for gold and
     *                        regular items (AnnotatorReasons)
     */
    public record AppealView(UUID id, UUID jobId, UUID itemId, UUID assignmentId, String workerId, String answer,
                             String rejectionReason, String comment, String status, String decisionComment,
                             String decidedBy, OffsetDateTime createdAt, OffsetDateTime decidedAt) {

        static AppealView of(AppealReport r) {
            return new AppealView(r.id(), r.jobId(), r.itemId(), r.assignmentId(), r.workerId(), r.answer(),
                    r.rejectionReason(), r.comment(), r.status(), r.decisionComment(), r.decidedBy(), r.createdAt(),
                    r.decidedAt());
        }

        static List<AppealView> ofAll(List<AppealReport> reports) {
            return reports.stream().map(AppealView::of).toList();
        }
    }

    private AppealViews() {
    }
}

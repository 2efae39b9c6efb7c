package dev.crowd.task.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.crowd.task.Assignment;
import dev.crowd.task.TaskType;
import dev.crowd.task.JobModel.LabelDef;
import dev.crowd.task.WorkModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Bodies of the annotator endpoints, mapped from the domain's {@link WorkModel}. Nothing here ever says which items are gold. */
public final class WorkDtos {

    /**
     * One item as an annotator sees it: its id and content. The content is the stored JSON text,
     * written as is (no parse and re-serialisation per item on the claim path).
     */
    public record WorkItem(UUID id, @JsonRawValue @Schema(type = SchemaType.OBJECT) String data) {
        static WorkItem of(WorkModel.Item item) {
            return new WorkItem(item.id(), item.json());
        }
    }

    /** A leased micro-job. */
    public record AssignmentView(
            UUID id,
            UUID jobId,
            String title,
            String instructions,
            TaskType taskType,
            List<LabelDef> labels,
            Assignment.Status status,
            OffsetDateTime leaseEndsAt,
            List<WorkItem> items) {
        public static AssignmentView of(WorkModel.LeasedWork w) {
            return new AssignmentView(w.id(), w.jobId(), w.title(), w.instructions(), w.taskType(), w.labels(),
                    w.status(), w.leaseEndsAt(), w.items().stream().map(WorkItem::of).toList());
        }
    }

    public record SubmitRequest(@NotEmpty @Size(max = 1000) List<@NotNull @Valid AnswerInput> answers) {
        public List<WorkModel.Answer> toAnswers() {
            return answers.stream().map(a -> new WorkModel.Answer(a.itemId(), a.label(), a.timeSpentMillis())).toList();
        }
    }

    /** {@code label} is a key of the job's label set; {@code timeSpentMillis} what the annotator spent on it. */
    public record AnswerInput(
            @NotNull UUID itemId,
            @NotBlank @Size(max = 100) String label,
            @NotNull @Min(0) @Max(86_400_000L) Long timeSpentMillis) {
    }

    public record SubmitResult(UUID assignmentId, Assignment.Status status, OffsetDateTime submittedAt, int answers) {
        public static SubmitResult of(WorkModel.Submitted s) {
            return new SubmitResult(s.assignmentId(), s.status(), s.submittedAt(), s.answers());
        }
    }

    private WorkDtos() {
    }
}

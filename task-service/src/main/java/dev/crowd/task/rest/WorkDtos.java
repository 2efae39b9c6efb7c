package dev.crowd.task.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.crowd.task.Assignment;
import dev.crowd.task.TaskType;
import dev.crowd.task.rest.JobDtos.LabelDef;
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

/** Bodies of the annotator endpoints. Nothing here ever says which items are gold. */
public final class WorkDtos {

    /**
     * One item as an annotator sees it: its id and content. The content is the stored JSON text,
     * written as is (no parse and re-serialisation per item on the claim path).
     */
    public record WorkItem(UUID id, @JsonRawValue @Schema(type = SchemaType.OBJECT) String data) {
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
    }

    public record SubmitRequest(@NotEmpty @Size(max = 1000) List<@NotNull @Valid AnswerInput> answers) {
    }

    /** {@code label} is a key of the job's label set; {@code timeSpentMillis} what the annotator spent on it. */
    public record AnswerInput(
            @NotNull UUID itemId,
            @NotBlank @Size(max = 100) String label,
            @NotNull @Min(0) @Max(86_400_000L) Long timeSpentMillis) {
    }

    public record SubmitResult(UUID assignmentId, Assignment.Status status, OffsetDateTime submittedAt, int answers) {
    }

    private WorkDtos() {
    }
}

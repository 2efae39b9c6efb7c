package dev.crowd.task;

import dev.crowd.task.JobModel.LabelDef;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The annotator side of the domain: leased work, answers and the result of a submit. Gold is never marked. */
public final class WorkModel {

    /** One item of a lease: its id and its stored JSON content, kept as text (never re-serialised). */
    public record Item(UUID id, String json) {
    }

    /** A leased micro-job as its holder sees it, items in lease order. */
    public record LeasedWork(UUID id, UUID jobId, String title, String instructions, TaskType taskType,
                             List<LabelDef> labels, Assignment.Status status, OffsetDateTime leaseEndsAt,
                             List<Item> items) {
    }

    /** One answer: a label key of the job for one item, and the time the annotator spent on it. */
    public record Answer(UUID itemId, String label, long timeSpentMillis) {
    }

    /** The result of a submit (the same on a replay). */
    public record Submitted(UUID assignmentId, Assignment.Status status, OffsetDateTime submittedAt, int answers) {
    }

    private WorkModel() {
    }
}

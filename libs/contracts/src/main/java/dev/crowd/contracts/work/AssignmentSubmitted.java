package dev.crowd.contracts.work;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An annotator submitted the answers of a leased assignment (gold items included, unmarked). */
public record AssignmentSubmitted(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        UUID assignmentId,
        String workerId,
        List<Answer> answers) implements WorkEvent {

    /** One item's answer; {@code label} is a key of the job's label set. */
    public record Answer(UUID itemId, String label, long timeSpentMillis) {
    }
}

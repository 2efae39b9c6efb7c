package dev.crowd.contracts.work;

import com.fasterxml.jackson.annotation.JsonCreator;

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

    /**
     * One item's answer, a typed value of the job's answer type (docs/answers.md), already validated by
     * task-service against the job's configuration and the item.
     */
    public record Answer(UUID itemId, dev.crowd.answers.Answer answer, long timeSpentMillis) {

        @JsonCreator
        public Answer {
        }

        /** A single-label answer. */
        public Answer(UUID itemId, String label, long timeSpentMillis) {
            this(itemId, new dev.crowd.answers.Answer.SingleLabel(label), timeSpentMillis);
        }

        /** The label of a single-label answer; null for any other type. */
        public String label() {
            return answer instanceof dev.crowd.answers.Answer.SingleLabel s ? s.label() : null;
        }
    }
}

package dev.crowd.contracts.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.crowd.answers.Answer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One chunk of a job's gold (control) items with their known answers, for qa-service only.
 * Chunks are numbered from 0; {@code chunkCount} tells the consumer when it has all of them.
 */
public record GoldRegistered(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        int chunkIndex,
        int chunkCount,
        List<GoldItem> items) implements JobEvent {

    /** A gold item and its known answer, of the job's answer type. */
    public record GoldItem(UUID itemId, Answer answer) {

        @JsonCreator
        public GoldItem {
        }

        /** A single-label gold item. */
        public GoldItem(UUID itemId, String label) {
            this(itemId, new Answer.SingleLabel(label));
        }

        /** The label of a single-label gold item; null for any other type. */
        public String label() {
            return answer instanceof Answer.SingleLabel s ? s.label() : null;
        }
    }
}

package dev.crowd.contracts.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.crowd.answers.Answer;

import java.time.Instant;
import java.util.UUID;

/**
 * An item's final answer.
 *
 * @param label         the label of a single-label job; null for other types (read {@code answer})
 * @param answer        the resolved answer, of the job's answer type
 * @param confidence    how sure the consensus is of {@code answer}, 0..1 (for single-label, its posterior)
 * @param agreement     mean agreement of the judgments with {@code answer}, 0..1 (for single-label, the share
 *                      of judgments that chose it)
 * @param lowConfidence the item hit the policy maximum without reaching the target confidence
 */
public record ItemResolved(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        UUID itemId,
        String label,
        double confidence,
        double agreement,
        int judgments,
        String method,
        String methodVersion,
        boolean lowConfidence,
        Answer answer) implements QualityEvent {

    @JsonCreator
    public ItemResolved {
        if (answer == null && label != null) {
            answer = new Answer.SingleLabel(label);
        }
    }

    /** A single-label item. */
    public ItemResolved(UUID eventId, Instant occurredAt, UUID jobId, UUID itemId, String label, double confidence,
                        double agreement, int judgments, String method, String methodVersion, boolean lowConfidence) {
        this(eventId, occurredAt, jobId, itemId, label, confidence, agreement, judgments, method, methodVersion,
                lowConfidence, new Answer.SingleLabel(label));
    }

    /** An item of any answer type. */
    public static ItemResolved of(UUID eventId, Instant occurredAt, UUID jobId, UUID itemId, Answer answer,
                                  double confidence, double agreement, int judgments, String method,
                                  String methodVersion, boolean lowConfidence) {
        String label = answer instanceof Answer.SingleLabel s ? s.label() : null;
        return new ItemResolved(eventId, occurredAt, jobId, itemId, label, confidence, agreement, judgments, method,
                methodVersion, lowConfidence, answer);
    }
}

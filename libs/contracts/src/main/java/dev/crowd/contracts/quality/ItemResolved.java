package dev.crowd.contracts.quality;

import java.time.Instant;
import java.util.UUID;

/**
 * An item's final label.
 *
 * @param confidence    posterior probability of {@code label}, 0..1
 * @param agreement     share of judgments that chose {@code label}, 0..1
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
        boolean lowConfidence) implements QualityEvent {
}

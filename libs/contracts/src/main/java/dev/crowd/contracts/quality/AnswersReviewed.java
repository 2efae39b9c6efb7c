package dev.crowd.contracts.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Verdicts on answers. payment-service pays each accepted (assignment, item) exactly once.
 *
 * @param corrective true when this review overturns an earlier rejection (an upheld appeal)
 */
public record AnswersReviewed(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        boolean corrective,
        List<Verdict> verdicts) implements QualityEvent {

    /**
     * @param reason why it was rejected (null when accepted), e.g. "gold: expected cat"
     */
    public record Verdict(UUID assignmentId, UUID itemId, String workerId, boolean accepted, String reason) {
    }
}

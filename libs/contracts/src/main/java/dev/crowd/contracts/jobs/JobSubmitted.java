package dev.crowd.contracts.jobs;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A requester submitted a priced job. payment-service reserves {@code budget} into escrow;
 * qa-service keeps the label set and the overlap policy.
 *
 * @param rewardPerJudgment paid to the annotator for each accepted answer
 * @param feePerJudgment    platform fee charged for each accepted answer
 * @param maxJudgments      items × policy maximum: the most answers the job can ever pay for
 * @param budget            maxJudgments × (reward + fee): what escrow must hold
 */
public record JobSubmitted(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        String requesterId,
        String title,
        String taskType,
        List<String> labels,
        long itemCount,
        long goldCount,
        OverlapPolicy overlap,
        Money rewardPerJudgment,
        Money feePerJudgment,
        long maxJudgments,
        Money budget) implements JobEvent {
}

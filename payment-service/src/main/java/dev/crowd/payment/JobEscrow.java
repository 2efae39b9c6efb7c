package dev.crowd.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * What payment-service keeps of a job: its prices (from JobSubmitted) and its escrow counters.
 * Invariant: the escrow account's balance = funded - rewardsPaid - feesPaid - released.
 */
public record JobEscrow(UUID jobId, String requesterId, String title, String currency, long rewardPerJudgment,
                        long feePerJudgment, long maxJudgments, long budget, Status status, long funded,
                        long rewardsPaid, long feesPaid, long released, long itemsPaid, long bonusesPaid,
                        long bonusFeesPaid, Instant createdAt, Instant updatedAt) {

    public enum Status { FUNDED, REJECTED, RELEASED }

    /** What the escrow should hold now. */
    public long remaining() {
        return funded - rewardsPaid - feesPaid - released;
    }
}

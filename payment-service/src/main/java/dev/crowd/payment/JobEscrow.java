package dev.crowd.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * What payment-service keeps of a job: its prices (from JobSubmitted) and its escrow counters.
 * Invariant: the escrow account's balance = funded - rewardsPaid - feesPaid - released, where rewardsPaid
 * and feesPaid count only what the escrow paid; {@code lateRewardsPaid} and {@code lateFeesPaid} are what
 * the requester's available balance paid after the release ({@code LATE_ITEM_PAYMENT}); {@code owed} and
 * {@code owedItems} what is owed for late answers their balance could not cover yet.
 */
public record JobEscrow(UUID jobId, String requesterId, String title, String currency, long rewardPerJudgment,
                        long feePerJudgment, long maxJudgments, long budget, Status status, long funded,
                        long rewardsPaid, long feesPaid, long released, long itemsPaid, long bonusesPaid,
                        long bonusFeesPaid, long lateRewardsPaid, long lateFeesPaid, long owed, long owedItems,
                        Instant createdAt, Instant updatedAt) {

    public enum Status { FUNDED, REJECTED, RELEASED }

    /** Rewards paid for the job's answers, from the escrow and (late) from the requester. */
    public long allRewardsPaid() {
        return rewardsPaid + lateRewardsPaid;
    }

    /** Fees paid for the job's answers, from the escrow and (late) from the requester. */
    public long allFeesPaid() {
        return feesPaid + lateFeesPaid;
    }

    /** What the escrow should hold now. */
    public long remaining() {
        return funded - rewardsPaid - feesPaid - released;
    }
}

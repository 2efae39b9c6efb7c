package dev.crowd.task.service;

import dev.crowd.contracts.Money;

/**
 * What a job can cost at most. Every judgment slot is budgeted, gold included: a gold answer is an
 * accepted answer and is paid like any other. Gold judgments are capped at one set of
 * {@code goldPerMicroJob} per initial micro-job per policy maximum; claims stop mixing in gold once
 * that cap is used (see ClaimService), so the escrow always covers what can be paid.
 */
public final class Pricing {

    /**
     * @param regularJudgments items × policy maximum
     * @param goldJudgments    the gold cap described above
     */
    public record Price(Money rewardPerJudgment, Money feePerJudgment, long regularJudgments, long goldJudgments,
                        Money budget) {
        public long maxJudgments() {
            return regularJudgments + goldJudgments;
        }
    }

    public static Price price(long items, long goldItems, int maxJudgments, int microJobSize, int goldPerMicroJob,
                              Money reward, int feeBasisPoints) {
        Money fee = reward.percentBasisPoints(feeBasisPoints);
        long regular = Math.multiplyExact(items, maxJudgments);
        long gold = goldItems == 0 || goldPerMicroJob == 0 ? 0
                : Math.multiplyExact(Math.multiplyExact(ceilDiv(items, microJobSize), maxJudgments), goldPerMicroJob);
        Money budget = reward.plus(fee).times(Math.addExact(regular, gold));
        return new Price(reward, fee, regular, gold, budget);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private Pricing() {
    }
}

package dev.crowd.payment.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The journal entry of each money flow: which accounts move and by how much. Pure, no I/O. */
public final class Postings {

    /** One accepted answer to pay: {@code reward} to the annotator, {@code fee} to the platform. */
    public record ItemPay(String workerId, long reward, long fee) {
    }

    /** Money arriving from outside (a bank transfer) for a requester. */
    public static EntryDraft deposit(String key, String requestHash, String requesterId, long amount, String memo) {
        requirePositive(amount);
        return new EntryDraft(key, EntryKind.DEPOSIT, null, memo, requestHash, List.of(
                new Line(AccountRef.deposits(), -amount),
                new Line(AccountRef.requester(requesterId), amount)));
    }

    /** Reserves a job's budget: requester available to the job's escrow. */
    public static EntryDraft funding(String key, UUID jobId, String requesterId, long budget) {
        requirePositive(budget);
        return new EntryDraft(key, EntryKind.JOB_FUNDING, jobId, "budget reserved", null, List.of(
                new Line(AccountRef.requester(requesterId), -budget),
                new Line(AccountRef.escrow(jobId), budget)));
    }

    /** Pays accepted answers from the job's escrow: rewards to annotators, fees to platform revenue. */
    public static EntryDraft itemPayments(String key, UUID jobId, List<ItemPay> items) {
        return new EntryDraft(key, EntryKind.ITEM_PAYMENT, jobId, items.size() + " accepted item(s)", null,
                payLines(items, AccountRef.escrow(jobId)));
    }

    /**
     * Pays accepted answers of a job whose escrow was already released, from the requester's available
     * balance: rewards to annotators, fees to platform revenue.
     */
    public static EntryDraft latePayments(String key, UUID jobId, String requesterId, List<ItemPay> items) {
        return new EntryDraft(key, EntryKind.LATE_ITEM_PAYMENT, jobId, items.size() + " accepted item(s) after the release",
                null, payLines(items, AccountRef.requester(requesterId)));
    }

    /** Each reward to its annotator, the fees to platform revenue, all of it taken from {@code from}. */
    private static List<Line> payLines(List<ItemPay> items, AccountRef from) {
        List<Line> lines = new ArrayList<>();
        long total = 0;
        long fees = 0;
        for (ItemPay item : items) {
            requireNonNegative(item.reward());
            requireNonNegative(item.fee());
            lines.add(new Line(AccountRef.annotator(item.workerId()), item.reward()));
            fees = Math.addExact(fees, item.fee());
            total = Math.addExact(total, Math.addExact(item.reward(), item.fee()));
        }
        lines.add(new Line(AccountRef.revenue(), fees));
        lines.add(new Line(from, -total));
        return lines;
    }

    /** What is left in the escrow goes back to the requester. */
    public static EntryDraft release(String key, UUID jobId, String requesterId, long amount) {
        requirePositive(amount);
        return new EntryDraft(key, EntryKind.ESCROW_RELEASE, jobId, "escrow released", null, List.of(
                new Line(AccountRef.escrow(jobId), -amount),
                new Line(AccountRef.requester(requesterId), amount)));
    }

    /** A requester's bonus to an annotator, from the requester's available balance, with the platform fee. */
    public static EntryDraft bonus(String key, String requestHash, UUID jobId, String requesterId, String workerId,
                                   long amount, long fee, String memo) {
        requirePositive(amount);
        requireNonNegative(fee);
        return new EntryDraft(key, EntryKind.BONUS, jobId, memo, requestHash, List.of(
                new Line(AccountRef.requester(requesterId), -Math.addExact(amount, fee)),
                new Line(AccountRef.annotator(workerId), amount),
                new Line(AccountRef.revenue(), fee)));
    }

    /** An annotator withdraws: the money waits in transit until the provider confirms. */
    public static EntryDraft payoutRequest(String key, String requestHash, UUID payoutId, String workerId, long amount) {
        requirePositive(amount);
        return new EntryDraft(key, EntryKind.PAYOUT_REQUEST, null, "payout " + payoutId, requestHash, List.of(
                new Line(AccountRef.annotator(workerId), -amount),
                new Line(AccountRef.payoutInTransit(workerId), amount)));
    }

    /** The provider paid: the money left the platform. */
    public static EntryDraft payoutSettled(UUID payoutId, String workerId, long amount) {
        return new EntryDraft("payout:" + payoutId + ":settled", EntryKind.PAYOUT_SETTLED, null,
                "payout " + payoutId, null, List.of(
                new Line(AccountRef.payoutInTransit(workerId), -amount),
                new Line(AccountRef.payouts(), amount)));
    }

    /** The provider could not pay: the money goes back to the annotator's available balance. */
    public static EntryDraft payoutReturned(UUID payoutId, String workerId, long amount, String reason) {
        return new EntryDraft("payout:" + payoutId + ":returned", EntryKind.PAYOUT_RETURNED, null,
                "payout " + payoutId + " failed: " + reason, null, List.of(
                new Line(AccountRef.payoutInTransit(workerId), -amount),
                new Line(AccountRef.annotator(workerId), amount)));
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
        }
    }

    private static void requireNonNegative(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
    }

    private Postings() {
    }
}

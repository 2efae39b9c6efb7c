package dev.crowd.payment.settlement;

import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.ledger.Postings;

import java.util.List;
import java.util.UUID;

/**
 * The answers of one review to pay now, one journal entry. {@code late}: from the requester's available
 * balance, the job's escrow being released. {@code settlesOwed}: these answers were recorded as owed
 * (their job's owed counters go down).
 */
public record Payable(UUID reviewEventId, JobEscrow job, List<PaidItem> items, boolean late, boolean settlesOwed) {

    public long total() {
        long total = 0;
        for (PaidItem item : items) {
            total = Math.addExact(total, Math.addExact(item.reward(), item.fee()));
        }
        return total;
    }

    public EntryDraft draft() {
        List<Postings.ItemPay> pays = items.stream().map(p -> new Postings.ItemPay(p.workerId(), p.reward(), p.fee())).toList();
        return late ? Postings.latePayments(reviewEventId + ":pay-after-release", job.jobId(), job.requesterId(), pays)
                : Postings.itemPayments(reviewEventId + ":pay", job.jobId(), pays);
    }
}

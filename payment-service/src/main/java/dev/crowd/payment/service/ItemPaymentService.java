package dev.crowd.payment.service;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.payments.ItemsPaid;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.payment.repository.JobEscrowRepository.ItemPaymentRow;
import dev.crowd.payment.settlement.PaidItem;
import dev.crowd.payment.settlement.Payable;
import dev.crowd.payment.repository.JobEscrowRepository.PaidTotals;
import dev.crowd.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pays accepted answers, one journal entry per review, in the caller's transaction: from the job's escrow
 * ({@code ITEM_PAYMENT}, key {@code <reviewEventId>:pay}) or, for a job whose escrow was released, from
 * the requester's available balance ({@code LATE_ITEM_PAYMENT}, key {@code <reviewEventId>:pay-after-release}).
 * Either way: one {@code item_payment} row per answer, the job's counters and one ItemsPaid per entry.
 * The caller holds the jobs' row locks and has checked that every late payment is covered.
 */
@ApplicationScoped
public class ItemPaymentService {

    private final LedgerService ledger;
    private final JobEscrowRepository jobs;
    private final Outbox outbox;
    private final String currency;

    public ItemPaymentService(LedgerService ledger, JobEscrowRepository jobs, Outbox outbox, PaymentConfig config) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.outbox = outbox;
        this.currency = config.currency();
    }

    /**
     * Posts every payable's entry together and records what was paid; returns each payable's entry seq, or
     * null where its key was posted before (a replay: nothing is recorded again). A refused posting fails
     * the transaction.
     */
    public Uni<List<Long>> pay(List<Payable> payables) {
        if (payables.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ledger.postAll(payables.stream().map(Payable::draft).toList()).chain(results -> {
            List<ItemPaymentRow> rows = new ArrayList<>();
            Map<UUID, PaidTotals> fromEscrow = new LinkedHashMap<>();
            Map<UUID, PaidTotals> late = new LinkedHashMap<>();
            Map<UUID, PaidTotals> settled = new LinkedHashMap<>();
            List<ItemsPaid> events = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                Payable payable = payables.get(i);
                UUID jobId = payable.job().jobId();
                switch (results.get(i)) {
                    case PostResult.Posted posted -> {
                        seqs.add(posted.entry().seq());
                        payable.items().forEach(p -> rows.add(new ItemPaymentRow(jobId, posted.entry().seq(), p)));
                        PaidTotals totals = new PaidTotals(payable.items().stream().mapToLong(PaidItem::reward).sum(),
                                payable.items().stream().mapToLong(PaidItem::fee).sum(), payable.items().size());
                        (payable.late() ? late : fromEscrow).merge(jobId, totals, ItemPaymentService::sum);
                        if (payable.settlesOwed()) {
                            settled.merge(jobId, totals, ItemPaymentService::sum);
                        }
                        events.add(new ItemsPaid(UUID.randomUUID(), Instant.now(), jobId, payable.reviewEventId(),
                                payable.items().stream().map(p -> new ItemsPaid.Payment(p.assignmentId(), p.itemId(),
                                        p.workerId(), new Money(p.reward(), currency), new Money(p.fee(), currency))).toList()));
                    }
                    case PostResult.Replayed replayed -> seqs.add(null); // posted under this key before
                    case PostResult.Refused refused -> throw new IllegalStateException((payable.late()
                            ? "requester " + payable.job().requesterId() : "escrow of job " + jobId) + " holds "
                            + refused.shortfall().available() + " but review " + payable.reviewEventId() + " needs "
                            + refused.shortfall().required());
                }
            }
            return jobs.insertItemPayments(rows)
                    .chain(() -> jobs.addItemPayments(fromEscrow))
                    .chain(() -> jobs.addLatePayments(late, settled))
                    .chain(() -> outbox.publishAll(events))
                    .replaceWith(seqs);
        });
    }

    private static PaidTotals sum(PaidTotals a, PaidTotals b) {
        return new PaidTotals(Math.addExact(a.rewards(), b.rewards()), Math.addExact(a.fees(), b.fees()),
                a.items() + b.items());
    }
}

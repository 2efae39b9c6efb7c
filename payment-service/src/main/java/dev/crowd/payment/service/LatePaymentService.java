package dev.crowd.payment.service;

import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.payment.settlement.PaidItem;
import dev.crowd.payment.repository.JobEscrowRepository.PaidTotals;
import dev.crowd.payment.repository.LatePaymentRepository;
import dev.crowd.payment.repository.LatePaymentRepository.NewOwed;
import dev.crowd.payment.repository.LatePaymentRepository.Owed;
import dev.crowd.payment.settlement.Payable;
import dev.crowd.payment.settlement.SettlementPlanner;
import dev.crowd.payment.settlement.SettlementPlanner.LateDecision;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Answers accepted after their job's escrow was released (a late appeal upheld, a review that arrives
 * after a cancellation): paid from the requester's available balance when it covers them, otherwise
 * recorded as owed and paid, oldest first, by the requester's next deposit that covers them. A requester
 * who owes anything pays new late answers after the older ones: they are owed too, in their turn.
 */
@ApplicationScoped
public class LatePaymentService {

    private static final Logger LOG = Logger.getLogger(LatePaymentService.class);
    /** Owed rows a deposit looks at: more than any requester should ever owe at once. */
    private static final int SETTLE_LIMIT = 10_000;

    private final LedgerService ledger;
    private final JobEscrowRepository jobs;
    private final LatePaymentRepository owed;
    private final ItemPaymentService payments;

    public LatePaymentService(LedgerService ledger, JobEscrowRepository jobs, LatePaymentRepository owed,
                              ItemPaymentService payments) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.owed = owed;
        this.payments = payments;
    }

    /** Of the candidates, the answers already recorded as owed (paid since or not), as "assignment/item". */
    public Uni<Set<String>> recorded(List<PaidItem> candidates) {
        return owed.recorded(candidates);
    }

    /**
     * Decides which late payables ({@code late}, in batch order) are paid now. Locks, in id order, every
     * account the batch's postings will touch ({@code otherAccounts} are those of its escrow payments), so
     * the balances read here hold until the commit and the posting takes no lock out of order. The job
     * rows are locked by the caller before.
     */
    public Uni<LateDecision> decide(List<Payable> late, Collection<AccountRef> otherAccounts) {
        Set<AccountRef> refs = new HashSet<>(otherAccounts);
        Set<String> requesters = new TreeSet<>();
        for (Payable payable : late) {
            refs.addAll(payable.draft().accounts());
            requesters.add(payable.job().requesterId());
        }
        return ledger.lockBalances(refs).chain(balances -> owed.requestersOwing(requesters)
                .map(owing -> SettlementPlanner.late(late, balances, owing)));
    }

    /** Records the payables' answers as owed by their jobs' requesters (no money moves). */
    public Uni<Void> owe(List<Payable> payables) {
        if (payables.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<NewOwed> rows = new ArrayList<>();
        Map<UUID, PaidTotals> byJob = new LinkedHashMap<>();
        for (Payable payable : payables) {
            JobEscrow job = payable.job();
            payable.items().forEach(item -> rows.add(new NewOwed(job.jobId(), job.requesterId(), payable.reviewEventId(), item)));
            byJob.merge(job.jobId(), new PaidTotals(payable.total(), 0, payable.items().size()),
                    (a, b) -> new PaidTotals(Math.addExact(a.rewards(), b.rewards()), 0, a.items() + b.items()));
            LOG.infof("requester %s cannot cover %d late answer(s) of job %s (review %s) now: owed until a deposit covers them",
                    job.requesterId(), payable.items().size(), job.jobId(), payable.reviewEventId());
        }
        return owed.insert(rows).chain(() -> jobs.addOwed(byJob));
    }

    /** What a deposit locked before it posts, to pay owed answers after it: job rows and annotators' accounts. */
    public record SettleLocks(Set<UUID> jobIds, Set<String> workerIds) {

        static final SettleLocks NONE = new SettleLocks(Set.of(), Set.of());

        boolean covers(Owed owed) {
            return jobIds.contains(owed.jobId()) && workerIds.contains(owed.item().workerId());
        }
    }

    /**
     * Before a deposit for {@code requesterId}: locks, in the order every posting uses (job rows, then
     * accounts by id), what paying the requester's owed answers will touch; nothing when nothing is owed.
     */
    public Uni<SettleLocks> lockForSettling(String requesterId) {
        return owed.unpaid(requesterId, SETTLE_LIMIT).chain(unpaid -> {
            if (unpaid.isEmpty()) {
                return Uni.createFrom().item(SettleLocks.NONE);
            }
            Set<UUID> jobIds = new TreeSet<>();
            Set<String> workerIds = new HashSet<>();
            Set<AccountRef> refs = new HashSet<>(List.of(AccountRef.requester(requesterId), AccountRef.deposits(),
                    AccountRef.revenue()));
            unpaid.forEach(o -> {
                jobIds.add(o.jobId());
                workerIds.add(o.item().workerId());
                refs.add(AccountRef.annotator(o.item().workerId()));
            });
            return jobs.findAll(jobIds, true).chain(found -> ledger.lockBalances(refs))
                    .replaceWith(new SettleLocks(jobIds, workerIds));
        });
    }

    /**
     * After a deposit (same transaction, {@link #lockForSettling} called before it): pays the requester's
     * owed answers a review at a time, oldest first, while the balance covers the next review; the first
     * one it does not cover waits, with all after it, for the next deposit.
     */
    public Uni<Integer> settle(String requesterId, SettleLocks locks) {
        if (locks.jobIds().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // re-read under the requester's lock: a concurrent deposit may have paid some; answers owed since the
        // locks were taken (another job, another annotator) wait for the next deposit
        Set<AccountRef> refs = new HashSet<>(List.of(AccountRef.requester(requesterId), AccountRef.revenue()));
        locks.workerIds().forEach(worker -> refs.add(AccountRef.annotator(worker)));
        return ledger.lockBalances(refs).chain(balances -> owed.unpaid(requesterId, SETTLE_LIMIT)
                .chain(unpaid -> jobs.findAll(locks.jobIds(), false).chain(found -> {
                    Map<UUID, List<Owed>> byReview = new LinkedHashMap<>();
                    unpaid.forEach(o -> byReview.computeIfAbsent(o.reviewEventId(), k -> new ArrayList<>()).add(o));
                    long balance = balances.getOrDefault(AccountRef.requester(requesterId), 0L);
                    List<Payable> pay = new ArrayList<>();
                    List<List<Long>> ids = new ArrayList<>();
                    for (List<Owed> review : byReview.values()) {
                        JobEscrow job = found.get(review.getFirst().jobId());
                        if (job == null || !review.stream().allMatch(locks::covers)) {
                            break;
                        }
                        Payable payable = new Payable(review.getFirst().reviewEventId(), job,
                                review.stream().map(Owed::item).toList(), true, true);
                        if (payable.total() > balance) {
                            break;
                        }
                        balance -= payable.total();
                        pay.add(payable);
                        ids.add(review.stream().map(Owed::id).toList());
                    }
                    return pay(requesterId, pay, ids);
                })));
    }

    private Uni<Integer> pay(String requesterId, List<Payable> pay, List<List<Long>> ids) {
        if (pay.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return payments.pay(pay).chain(seqs -> {
            Uni<Void> marked = Uni.createFrom().voidItem();
            for (int i = 0; i < seqs.size(); i++) {
                Long seq = seqs.get(i);
                if (seq == null) {
                    throw new IllegalStateException("owed review " + pay.get(i).reviewEventId() + " was paid before");
                }
                List<Long> reviewIds = ids.get(i);
                marked = marked.chain(() -> owed.markPaid(reviewIds, seq));
            }
            int items = pay.stream().mapToInt(p -> p.items().size()).sum();
            LOG.infof("a deposit of requester %s paid %d owed late answer(s) of %d review(s)", requesterId, items, pay.size());
            return marked.replaceWith(items);
        });
    }

    /** Unpaid owed answers, oldest first: of one requester, or of everyone when {@code requesterId} is null. */
    public Uni<List<Owed>> unpaid(String requesterId, int limit) {
        return Panache.withSession(() -> owed.unpaid(requesterId, limit));
    }
}

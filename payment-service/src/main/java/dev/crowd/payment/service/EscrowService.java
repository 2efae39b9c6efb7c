package dev.crowd.payment.service;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.JobCompleted;
import dev.crowd.contracts.payments.EscrowReleased;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.contracts.payments.JobFundingRejected;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.ledger.Postings;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.payment.repository.ReviewTallyRepository;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.repository.JobEscrowRepository.PaidItem;
import dev.crowd.payment.service.ItemPaymentService.Payable;
import dev.crowd.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The job's money: fund its escrow on submission, pay accepted answers from it, release the rest when
 * the job ends. Each method runs inside the consumer's transaction (the Inbox's), which also records
 * the event as processed and holds the outbox rows of the events published here.
 */
@ApplicationScoped
public class EscrowService {

    private static final Logger LOG = Logger.getLogger(EscrowService.class);

    private final LedgerService ledger;
    private final JobEscrowRepository jobs;
    private final Outbox outbox;
    private final ItemPaymentService payments;
    private final LatePaymentService latePayments;
    private final ReviewTallyRepository tally;
    private final String currency;

    public EscrowService(LedgerService ledger, JobEscrowRepository jobs, Outbox outbox, ItemPaymentService payments,
                         LatePaymentService latePayments, ReviewTallyRepository tally, PaymentConfig config) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.outbox = outbox;
        this.payments = payments;
        this.latePayments = latePayments;
        this.tally = tally;
        this.currency = config.currency();
    }

    /** JobSubmitted: reserve the budget into escrow (JobFunded), or refuse and move nothing (JobFundingRejected). */
    public Uni<Void> fund(JobSubmitted job) {
        requireCurrency(job.budget(), "budget");
        requireCurrency(job.rewardPerJudgment(), "rewardPerJudgment");
        requireCurrency(job.feePerJudgment(), "feePerJudgment");
        if (job.budget().amount() <= 0 || job.rewardPerJudgment().amount() < 0 || job.feePerJudgment().amount() < 0) {
            throw new IllegalArgumentException("job " + job.jobId() + " has a non-positive budget or a negative price");
        }
        return jobs.find(job.jobId(), true).chain(existing -> {
            if (existing != null && existing.status() != JobEscrow.Status.REJECTED) {
                LOG.warnf("job %s is already %s; JobSubmitted %s ignored", job.jobId(), existing.status(), job.eventId());
                return Uni.createFrom().voidItem();
            }
            // keyed by job, not event: a job's budget is reserved at most once, whatever is redelivered
            String key = "job:" + job.jobId() + ":funding";
            return ledger.post(Postings.funding(key, job.jobId(), job.requesterId(), job.budget().amount()))
                    .chain(result -> switch (result) {
                        case PostResult.Posted posted -> jobs.upsert(job, JobEscrow.Status.FUNDED, job.budget().amount())
                                .chain(() -> outbox.publish(new JobFunded(UUID.randomUUID(), Instant.now(), job.jobId(),
                                        job.requesterId(), job.budget())));
                        case PostResult.Replayed replayed -> Uni.createFrom().voidItem();
                        case PostResult.Refused refused -> {
                            Money available = new Money(refused.shortfall().available(), currency);
                            yield jobs.upsert(job, JobEscrow.Status.REJECTED, 0)
                                    .chain(() -> outbox.publish(new JobFundingRejected(UUID.randomUUID(), Instant.now(),
                                            job.jobId(), job.requesterId(), job.budget(), available,
                                            job.budget().minus(available))));
                        }
                    });
        });
    }

    /**
     * AnswersReviewed: pay each accepted (assignment, item) not paid before, reward to the annotator and fee
     * to the platform, in one journal entry; publish ItemsPaid for what was paid now. A corrective review
     * pays answers that an earlier review rejected (they were never paid). Once the job's escrow was
     * released they are paid from the requester's available balance, or owed ({@link LatePaymentService}).
     */
    public Uni<Void> pay(AnswersReviewed review) {
        return payAll(List.of(review));
    }

    /**
     * Pays a batch of reviews in the caller's transaction with a fixed number of statements, whatever the
     * batch holds: who worked on each job, the jobs locked (in job id order), which answers were paid
     * before, one journal entry per review posted together, the item payments, the jobs' counters and one
     * ItemsPaid per paying review. Reviews are applied in list order: an answer accepted by two reviews
     * of the batch is paid by the first. Any review that cannot be paid fails the whole batch (and its
     * transaction), so the caller can retry the reviews one by one and dead-letter only the bad one.
     */
    public Uni<Void> payAll(List<AnswersReviewed> reviews) {
        return payAccepted(reviews).chain(() -> countVerdicts(reviews));
    }

    /**
     * Counts each first (non-corrective) review's verdicts towards its job; a completed job whose answers
     * now all have one releases its escrow here.
     */
    private Uni<Void> countVerdicts(List<AnswersReviewed> reviews) {
        Map<UUID, Long> verdictsByJob = new TreeMap<>();
        for (AnswersReviewed review : reviews) {
            if (!review.corrective() && review.verdicts() != null && !review.verdicts().isEmpty()) {
                verdictsByJob.merge(review.jobId(), (long) review.verdicts().size(), Long::sum);
            }
        }
        if (verdictsByJob.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tally.addVerdicts(verdictsByJob).chain(ready -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ReviewTallyRepository.Ready job : ready) {
                chain = chain.chain(() -> release(job.jobId(), job.completionEvent()));
            }
            return chain;
        });
    }

    /**
     * JobCompleted: release the escrow once every answer of the job has its verdict (now, or when the
     * last AnswersReviewed arrives). Without a count (an older event) release at once.
     */
    public Uni<Void> completed(JobCompleted completed) {
        if (completed.answers() == null) {
            return release(completed.jobId(), completed.eventId());
        }
        return tally.expect(completed.jobId(), completed.answers(), completed.eventId())
                .chain(ready -> {
                    if (ready != null) {
                        return release(completed.jobId(), completed.eventId());
                    }
                    LOG.infof("job %s completed with %d answers; its escrow is released after their last review",
                            completed.jobId(), completed.answers());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> payAccepted(List<AnswersReviewed> reviews) {
        Map<UUID, Set<String>> workersByJob = new LinkedHashMap<>();
        Map<AnswersReviewed, Map<String, AnswersReviewed.Verdict>> acceptedByReview = new LinkedHashMap<>();
        for (AnswersReviewed review : reviews) {
            Set<String> workers = workersByJob.computeIfAbsent(review.jobId(), id -> new LinkedHashSet<>());
            Map<String, AnswersReviewed.Verdict> accepted = new LinkedHashMap<>();
            for (AnswersReviewed.Verdict verdict : review.verdicts() == null ? List.<AnswersReviewed.Verdict>of() : review.verdicts()) {
                if (verdict.workerId() != null) {
                    workers.add(verdict.workerId());
                }
                if (verdict.accepted()) {
                    if (verdict.assignmentId() == null || verdict.itemId() == null || verdict.workerId() == null) {
                        throw new IllegalArgumentException("accepted verdict without assignment, item or worker in " + review.eventId());
                    }
                    accepted.putIfAbsent(verdict.assignmentId() + "/" + verdict.itemId(), verdict);
                }
            }
            if (!accepted.isEmpty()) {
                acceptedByReview.put(review, accepted);
            }
        }
        if (acceptedByReview.isEmpty()) {
            return jobs.recordWorkers(workersByJob);
        }
        Set<UUID> jobIds = new TreeSet<>();
        acceptedByReview.keySet().forEach(review -> jobIds.add(review.jobId()));
        return jobs.recordWorkers(workersByJob)
                .chain(() -> jobs.findAll(jobIds, true))
                .chain(found -> {
                    Map<AnswersReviewed, List<PaidItem>> candidates = new LinkedHashMap<>();
                    acceptedByReview.forEach((review, accepted) -> {
                        JobEscrow job = found.get(review.jobId());
                        if (job == null || job.status() == JobEscrow.Status.REJECTED) {
                            throw new IllegalStateException("job " + review.jobId() + " has no funded escrow; cannot pay review " + review.eventId());
                        }
                        candidates.put(review, accepted.values().stream().map(v -> new PaidItem(v.assignmentId(),
                                v.itemId(), v.workerId(), job.rewardPerJudgment(), job.feePerJudgment())).toList());
                    });
                    List<PaidItem> all = candidates.values().stream().flatMap(List::stream).toList();
                    List<PaidItem> ofReleased = new ArrayList<>();
                    candidates.forEach((review, items) -> {
                        if (found.get(review.jobId()).status() == JobEscrow.Status.RELEASED) {
                            ofReleased.addAll(items);
                        }
                    });
                    return jobs.alreadyPaid(all)
                            .chain(paid -> ofReleased.isEmpty() ? Uni.createFrom().item(paid)
                                    : latePayments.recorded(ofReleased).map(owed -> {
                                        Set<String> either = new HashSet<>(paid);
                                        either.addAll(owed);
                                        return either;
                                    }))
                            .chain(paidBefore -> payOrOwe(found, candidates, paidBefore));
                });
    }

    /**
     * Pays what was not paid (nor owed) before: from the escrow, or, for a job whose escrow was released,
     * from the requester's available balance, or owed when that balance cannot cover it.
     */
    private Uni<Void> payOrOwe(Map<UUID, JobEscrow> jobsById, Map<AnswersReviewed, List<PaidItem>> candidates,
                               Set<String> paidBefore) {
        Set<String> paying = new HashSet<>(paidBefore);
        List<Payable> fromEscrow = new ArrayList<>();
        List<Payable> late = new ArrayList<>();
        candidates.forEach((review, items) -> {
            List<PaidItem> toPay = items.stream().filter(c -> paying.add(c.assignmentId() + "/" + c.itemId())).toList();
            if (toPay.isEmpty()) {
                return;
            }
            JobEscrow job = jobsById.get(review.jobId());
            boolean released = job.status() == JobEscrow.Status.RELEASED;
            (released ? late : fromEscrow).add(new Payable(review.eventId(), job, toPay, released, false));
        });
        if (late.isEmpty()) {
            return payments.pay(fromEscrow).replaceWithVoid();
        }
        List<AccountRef> escrowAccounts = fromEscrow.stream().flatMap(p -> p.draft().accounts().stream()).toList();
        return latePayments.decide(late, escrowAccounts).chain(decision -> {
            List<Payable> all = new ArrayList<>(fromEscrow);
            all.addAll(decision.pay());
            return payments.pay(all).chain(() -> latePayments.owe(decision.owe()));
        });
    }

    /** JobCompleted / JobCancelled: what is left in the escrow goes back to the requester (EscrowReleased). */
    public Uni<Void> release(UUID jobId, UUID causeEventId) {
        return jobs.find(jobId, true).chain(job -> {
            if (job == null || job.status() != JobEscrow.Status.FUNDED) {
                LOG.infof("job %s has no funded escrow (%s); nothing to release for %s", jobId,
                        job == null ? "unknown" : job.status(), causeEventId);
                return Uni.createFrom().voidItem();
            }
            long rest = job.remaining();
            Uni<Void> moved = rest == 0 ? Uni.createFrom().voidItem()
                    : ledger.post(Postings.release("job:" + jobId + ":release", jobId, job.requesterId(), rest))
                    .map(result -> {
                        if (result instanceof PostResult.Refused refused) {
                            throw new IllegalStateException("escrow of job " + jobId + " holds "
                                    + refused.shortfall().available() + ", its counters say " + rest);
                        }
                        return null;
                    });
            return moved.chain(() -> jobs.markReleased(jobId, rest))
                    .chain(() -> outbox.publish(new EscrowReleased(UUID.randomUUID(), Instant.now(), jobId,
                            job.requesterId(), new Money(rest, currency))));
        });
    }

    private void requireCurrency(Money money, String field) {
        if (money == null || !currency.equals(money.currency())) {
            throw new IllegalArgumentException(field + " must be in " + currency + ": " + money);
        }
    }
}

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
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.repository.AssignmentRepository;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.payment.repository.ReviewTallyRepository;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.settlement.PaidItem;
import dev.crowd.payment.settlement.Payable;
import dev.crowd.payment.settlement.AssignmentOwner;
import dev.crowd.payment.settlement.SettlementPlanner;
import dev.crowd.payment.settlement.SettlementPlanner.Accepted;
import dev.crowd.payment.settlement.SettlementPlanner.Funding;
import dev.crowd.payment.settlement.SettlementPlanner.Plan;
import dev.crowd.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final AssignmentRepository assignments;
    private final String currency;

    public EscrowService(LedgerService ledger, JobEscrowRepository jobs, Outbox outbox, ItemPaymentService payments,
                         LatePaymentService latePayments, ReviewTallyRepository tally, AssignmentRepository assignments,
                         PaymentConfig config) {
        this.assignments = assignments;
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
        return jobs.find(job.jobId(), true).chain(existing -> switch (SettlementPlanner.funding(job, existing, currency)) {
            case Funding.Ignore ignore -> {
                LOG.warnf("job %s is already %s; JobSubmitted %s ignored", job.jobId(), ignore.status(), job.eventId());
                yield Uni.createFrom().voidItem();
            }
            case Funding.Reserve reserve -> ledger.post(reserve.draft()).chain(result -> switch (result) {
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
        Accepted accepted = SettlementPlanner.accepted(reviews);
        Map<UUID, AssignmentOwner> named = SettlementPlanner.owners(reviews);
        // an assignment is paid only under the job and annotator it was first reviewed for
        return assignments.find(named.keySet())
                .chain(known -> assignments.record(SettlementPlanner.newOwners(named, known)))
                .chain(() -> payAccepted(accepted))
                .chain(() -> countVerdicts(accepted.firstVerdictsByJob()));
    }

    /**
     * Counts each first (non-corrective) review's verdicts towards its job; a completed job whose answers
     * now all have one releases its escrow here.
     */
    private Uni<Void> countVerdicts(Map<UUID, Long> verdictsByJob) {
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

    private Uni<Void> payAccepted(Accepted accepted) {
        if (accepted.byReview().isEmpty()) {
            return jobs.recordWorkers(accepted.workersByJob());
        }
        return jobs.recordWorkers(accepted.workersByJob())
                .chain(() -> jobs.findAll(accepted.jobIds(), true))
                .chain(found -> {
                    Map<AnswersReviewed, List<PaidItem>> candidates = SettlementPlanner.priced(accepted, found);
                    List<PaidItem> all = candidates.values().stream().flatMap(List::stream).toList();
                    List<PaidItem> ofReleased = SettlementPlanner.ofReleased(candidates, found);
                    return jobs.alreadyPaid(all)
                            .chain(paid -> ofReleased.isEmpty() ? Uni.createFrom().item(paid)
                                    : latePayments.recorded(ofReleased).map(owed -> {
                                        Set<String> either = new HashSet<>(paid);
                                        either.addAll(owed);
                                        return either;
                                    }))
                            .chain(paidBefore -> payOrOwe(SettlementPlanner.plan(found, candidates, paidBefore)));
                });
    }

    /**
     * Pays what was not paid (nor owed) before: from the escrow, or, for a job whose escrow was released,
     * from the requester's available balance, or owed when that balance cannot cover it.
     */
    private Uni<Void> payOrOwe(Plan plan) {
        if (plan.late().isEmpty()) {
            return payments.pay(plan.fromEscrow()).replaceWithVoid();
        }
        List<AccountRef> escrowAccounts = plan.fromEscrow().stream().flatMap(p -> p.draft().accounts().stream()).toList();
        return latePayments.decide(plan.late(), escrowAccounts).chain(decision -> {
            List<Payable> all = new ArrayList<>(plan.fromEscrow());
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
            EntryDraft draft = SettlementPlanner.release(job);
            Uni<Void> moved = draft == null ? Uni.createFrom().voidItem()
                    : ledger.post(draft).map(result -> {
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
}

package dev.crowd.payment.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.crowd.contracts.Money;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.ledger.PostedEntry;
import dev.crowd.payment.ledger.Postings;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** A requester's bonus to an annotator who worked on one of their jobs: from their available balance, plus the fee. */
@ApplicationScoped
public class BonusService {

    public record Bonus(long entrySeq, UUID jobId, String workerId, Money amount, Money fee, Money total,
                        Money balanceAfter, Instant postedAt, @JsonIgnore boolean replayed) {
    }

    private final LedgerService ledger;
    private final JobEscrowRepository jobs;
    private final PaymentConfig config;

    public BonusService(LedgerService ledger, JobEscrowRepository jobs, PaymentConfig config) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.config = config;
    }

    public Uni<Bonus> send(String requesterId, String idempotencyKey, UUID jobId, String workerId, Long amount,
                           String currency, String note) {
        String key = Amounts.requireKey(idempotencyKey);
        long value = Amounts.requirePositive(amount, currency, config.currency(), "amount");
        long fee = new Money(value, config.currency()).percentBasisPoints(config.bonusFeeBasisPoints()).amount();
        String memo = note == null || note.isBlank() ? "bonus" : "bonus: " + note;
        // the job row is locked before the accounts, the order item payments take too (no deadlock between them)
        return Amounts.overflowIsInvalid(Panache.withTransaction(() -> jobs.find(jobId, true).chain(job -> {
            if (job == null || !job.requesterId().equals(requesterId)) {
                throw ProblemException.notFound("Job " + jobId);
            }
            return jobs.workedOn(jobId, workerId);
        }).chain(worked -> {
            if (!worked) {
                throw ProblemException.invalidField("workerId", "did not work on this job");
            }
            return ledger.post(Postings.bonus("bonus:" + requesterId + ":" + key,
                    Fingerprint.of(jobId, workerId, value, memo), jobId, requesterId, workerId, value, fee, memo));
        }).chain(result -> switch (result) {
            case PostResult.Posted posted -> jobs.addBonus(jobId, value, fee)
                    .replaceWith(view(posted.entry(), jobId, requesterId, workerId, false));
            case PostResult.Replayed replayed -> Uni.createFrom().item(view(replayed.entry(), jobId, requesterId, workerId, true));
            case PostResult.Refused refused -> throw PayoutService.insufficient(refused.shortfall());
        })), "amount");
    }

    private Bonus view(PostedEntry entry, UUID jobId, String requesterId, String workerId, boolean replayed) {
        long amount = entry.lineOn(AccountRef.annotator(workerId)).amount();
        PostedEntry.PostedLine paid = entry.lineOn(AccountRef.requester(requesterId));
        long fee = entry.lines().stream().filter(l -> l.account().equals(AccountRef.revenue()))
                .mapToLong(PostedEntry.PostedLine::amount).sum();
        return new Bonus(entry.seq(), jobId, workerId, money(amount), money(fee), money(-paid.amount()),
                money(paid.balanceAfter()), entry.createdAt(), replayed);
    }

    private Money money(long amount) {
        return new Money(amount, config.currency());
    }
}

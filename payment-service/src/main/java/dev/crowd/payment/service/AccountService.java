package dev.crowd.payment.service;

import dev.crowd.contracts.Money;
import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.AccountKind;
import dev.crowd.payment.ledger.EntryKind;
import dev.crowd.payment.repository.JobEscrowRepository;
import dev.crowd.payment.repository.StatementRepository;
import dev.crowd.payment.repository.StatementRepository.Filter;
import dev.crowd.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Balances, statements and per-job spend, as their owners see them. */
@ApplicationScoped
public class AccountService {

    public record AccountBalance(AccountKind kind, Money balance) {
    }

    public record Accounts(String owner, String currency, List<AccountBalance> accounts) {
    }

    public record StatementLine(long entrySeq, Instant postedAt, AccountKind account, EntryKind kind, UUID jobId,
                                String memo, Money amount, Money balanceAfter) {
    }

    public record Page<T>(int page, int size, long total, List<T> items) {
    }

    /**
     * One job's spend. {@code rewardsPaid}, {@code feesPaid} and {@code itemsPaid} count every paid answer;
     * {@code paidAfterRelease} is the part of rewards and fees paid from the requester's available balance
     * after the escrow was released (late appeals); {@code owed} / {@code owedItems} what is owed for late
     * answers the balance did not cover yet (paid by the next deposit that covers them).
     */
    public record JobSpend(UUID jobId, String title, JobEscrow.Status status, Money budget, Money funded,
                           Money rewardsPaid, Money feesPaid, long itemsPaid, Money released, Money inEscrow,
                           Money bonusesPaid, Money bonusFeesPaid, Money paidAfterRelease, Money owed, long owedItems,
                           Money totalSpent, Instant submittedAt) {
    }

    private final StatementRepository statements;
    private final JobEscrowRepository jobs;
    private final PaymentConfig config;

    public AccountService(StatementRepository statements, JobEscrowRepository jobs, PaymentConfig config) {
        this.statements = statements;
        this.jobs = jobs;
        this.config = config;
    }

    /** The owner's personal accounts; the ones their roles imply are listed at zero before first use. */
    public Uni<Accounts> accounts(String owner, List<AccountKind> implied) {
        return Panache.withSession(() -> statements.balances(owner)).map(balances -> {
            Map<AccountKind, Long> byKind = new EnumMap<>(AccountKind.class);
            implied.forEach(kind -> byKind.put(kind, 0L));
            balances.forEach(b -> byKind.put(b.kind(), b.balance()));
            List<AccountBalance> list = new ArrayList<>();
            byKind.forEach((kind, balance) -> list.add(new AccountBalance(kind, money(balance))));
            return new Accounts(owner, config.currency(), list);
        });
    }

    public Uni<Page<StatementLine>> statement(String owner, Filter filter, int page, int size) {
        if (page < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be between 1 and " + config.maxPageSize());
        }
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return Panache.withSession(() -> statements.count(owner, filter)
                .chain(total -> statements.lines(owner, filter, page * size, size)
                        .map(lines -> new Page<>(page, size, total, lines.stream()
                                .map(l -> new StatementLine(l.entrySeq(), l.postedAt(), l.account(), l.kind(),
                                        l.jobId(), l.memo(), money(l.amount()), money(l.balanceAfter())))
                                .toList()))));
    }

    public Uni<Page<JobSpend>> spend(String requesterId, int page, int size) {
        if (page < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be between 1 and " + config.maxPageSize());
        }
        return Panache.withSession(() -> jobs.countByRequester(requesterId)
                .chain(total -> jobs.listByRequester(requesterId, page * size, size)
                        .map(list -> new Page<>(page, size, total, list.stream().map(this::spend).toList()))));
    }

    /** One job's spend; 404 when it is not the requester's (or unknown). */
    public Uni<JobSpend> spend(String requesterId, UUID jobId) {
        return Panache.withSession(() -> jobs.find(jobId, false)).map(job -> {
            if (job == null || !job.requesterId().equals(requesterId)) {
                throw ProblemException.notFound("Job " + jobId);
            }
            return spend(job);
        });
    }

    private JobSpend spend(JobEscrow job) {
        long spent = job.allRewardsPaid() + job.allFeesPaid() + job.bonusesPaid() + job.bonusFeesPaid();
        return new JobSpend(job.jobId(), job.title(), job.status(), money(job.budget()), money(job.funded()),
                money(job.allRewardsPaid()), money(job.allFeesPaid()), job.itemsPaid(), money(job.released()),
                money(job.remaining()), money(job.bonusesPaid()), money(job.bonusFeesPaid()),
                money(job.lateRewardsPaid() + job.lateFeesPaid()), money(job.owed()), job.owedItems(), money(spent),
                job.createdAt());
    }

    private Money money(long amount) {
        return new Money(amount, config.currency());
    }
}

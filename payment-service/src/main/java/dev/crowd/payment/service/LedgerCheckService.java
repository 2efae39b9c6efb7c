package dev.crowd.payment.service;

import dev.crowd.payment.ledger.AccountKind;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.ChainHash;
import dev.crowd.payment.ledger.ChainVerifier;
import dev.crowd.payment.ledger.EntryKind;
import dev.crowd.payment.ledger.Line;
import dev.crowd.payment.repository.LedgerRepository;
import dev.crowd.payment.repository.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.crowd.payment.repository.LedgerRepository.rows;

/**
 * Every invariant of the ledger, each with its result. Runs in one read-only REPEATABLE READ
 * transaction so that all checks see the same snapshot while postings go on.
 */
@ApplicationScoped
public class LedgerCheckService {

    public record Check(String name, boolean ok, String detail) {
    }

    public record Report(boolean ok, Instant checkedAt, long entries, List<Check> checks) {
    }

    private static final int PAGE = 2_000;

    private final LedgerRepository ledger;

    public LedgerCheckService(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    public Uni<Report> check() {
        return Panache.withTransaction(() -> LedgerRepository.update(
                        "set transaction isolation level repeatable read, read only", List.of())
                .chain(() -> {
                    List<Check> checks = new ArrayList<>();
                    return countCheck(checks, "entries-balance", """
                                    select count(*), 0 from (select entry_seq from journal_line group by entry_seq
                                    having sum(amount) <> 0) unbalanced""",
                            n -> n == 0 ? "every journal entry's lines sum to zero" : n + " entries do not sum to zero")
                            .chain(() -> zeroSum(checks))
                            .chain(() -> countCheck(checks, "balances-match-lines", """
                                            select count(*), 0 from account a where a.balance <> coalesce((select sum(l.amount)
                                            from journal_line l where l.account_id = a.id), 0)""",
                                    n -> n == 0 ? "every account's balance is the sum of its lines"
                                            : n + " accounts' balances differ from the sum of their lines"))
                            .chain(() -> countCheck(checks, "escrow-matches-job", """
                                            select count(*), 0 from job_escrow j left join account a
                                              on a.kind = 'JOB_ESCROW' and a.owner = cast(j.job_id as text)
                                            where coalesce(a.balance, 0) <> j.funded - j.rewards_paid - j.fees_paid - j.released""",
                                    n -> n == 0 ? "each escrow = funded - paid - fees - released"
                                            : n + " escrows differ from funded - paid - fees - released"))
                            .chain(() -> countCheck(checks, "late-payments-match-job", """
                                            select count(*), 0 from job_escrow j
                                            where j.late_rewards_paid + j.late_fees_paid <> coalesce((select -sum(l.amount)
                                              from journal_entry e join journal_line l on l.entry_seq = e.seq
                                              join account a on a.id = l.account_id
                                              where e.job_id = j.job_id and e.kind = 'LATE_ITEM_PAYMENT'
                                                and a.kind = 'REQUESTER_AVAILABLE'), 0)
                                               or j.owed <> coalesce((select sum(o.reward + o.fee) from late_payment_owed o
                                              where o.job_id = j.job_id and o.paid_entry_seq is null), 0)""",
                                    n -> n == 0 ? "each job's payments after its release = its late entries; owed = its unpaid late answers"
                                            : n + " jobs' late payments or owed amounts differ from their entries and owed answers"))
                            .chain(() -> countCheck(checks, "no-negative-balance", """
                                            select count(*), 0 from account where balance < 0 and kind <> 'EXTERNAL_DEPOSITS'""",
                                    n -> n == 0 ? "no available, escrow, transit or revenue balance is below zero"
                                            : n + " accounts are below zero"))
                            .chain(() -> verifyChain(checks))
                            .map(entries -> new Report(checks.stream().allMatch(Check::ok), Instant.now(), entries,
                                    List.copyOf(checks)));
                }));
    }

    private Uni<Void> countCheck(List<Check> checks, String name, String sql, java.util.function.LongFunction<String> detail) {
        return rows(sql, List.of()).map(rows -> {
            long n = Rows.asLong(rows.getFirst()[0]);
            checks.add(new Check(name, n == 0, detail.apply(n)));
            return null;
        });
    }

    private Uni<Void> zeroSum(List<Check> checks) {
        return rows("select coalesce(sum(balance), 0), (select coalesce(sum(amount), 0) from journal_line) from account",
                List.of()).map(rows -> {
            long balances = Rows.asLong(rows.getFirst()[0]);
            long lines = Rows.asLong(rows.getFirst()[1]);
            boolean ok = balances == 0 && lines == 0;
            checks.add(new Check("accounts-sum-to-zero", ok, ok ? "all accounts together sum to zero"
                    : "accounts sum to " + balances + ", lines to " + lines));
            return null;
        });
    }

    /** Walks the whole chain from the first entry, a page at a time. */
    private Uni<Long> verifyChain(List<Check> checks) {
        ChainVerifier verifier = new ChainVerifier();
        return walk(verifier, 0).chain(() -> ledger.readChainHead()).map(head -> {
            verifier.acceptHead(head.lastSeq(), head.lastHash());
            checks.add(new Check("hash-chain", verifier.problem() == null, verifier.problem() == null
                    ? verifier.verified() + " entries verified" : verifier.problem()));
            return verifier.verified();
        });
    }

    private Uni<Void> walk(ChainVerifier verifier, long afterSeq) {
        return rows("""
                select e.seq, e.idempotency_key, e.kind, e.job_id, e.created_at, e.prev_hash, e.hash, a.kind, a.owner, l.amount
                from journal_entry e join journal_line l on l.entry_seq = e.seq join account a on a.id = l.account_id
                where e.seq in (select seq from journal_entry where seq > ?1 order by seq limit ?2)
                order by e.seq, l.id""", List.of(afterSeq, PAGE)).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Map<Long, List<Object[]>> byEntry = new LinkedHashMap<>();
            for (Object[] row : rows) {
                byEntry.computeIfAbsent(Rows.asLong(row[0]), k -> new ArrayList<>()).add(row);
            }
            long last = afterSeq;
            for (Map.Entry<Long, List<Object[]>> entry : byEntry.entrySet()) {
                Object[] first = entry.getValue().getFirst();
                List<Line> lines = entry.getValue().stream().map(r -> new Line(
                        new AccountRef(AccountKind.valueOf(Rows.asString(r[7])), Rows.asString(r[8])),
                        Rows.asLong(r[9]))).toList();
                ChainHash.Content content = new ChainHash.Content(entry.getKey(), Rows.asString(first[1]),
                        EntryKind.valueOf(Rows.asString(first[2])), Rows.asUuid(first[3]), Rows.asInstant(first[4]),
                        lines);
                if (!verifier.accept(content, Rows.asString(first[5]), Rows.asString(first[6]))) {
                    return Uni.createFrom().voidItem();
                }
                last = entry.getKey();
            }
            return byEntry.size() < PAGE ? Uni.createFrom().voidItem() : walk(verifier, last);
        });
    }
}

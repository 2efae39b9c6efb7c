package dev.crowd.payment.repository;

import dev.crowd.payment.ledger.AccountKind;
import dev.crowd.payment.ledger.EntryKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.rows;

/** Read side of the ledger for people: balances and statement lines of one owner's accounts. */
@ApplicationScoped
public class StatementRepository {

    public record Balance(AccountKind kind, long balance) {
    }

    public record StatementLine(long lineId, long entrySeq, Instant postedAt, AccountKind account, EntryKind kind,
                                UUID jobId, String memo, long amount, long balanceAfter) {
    }

    public record Filter(Instant from, Instant to, EntryKind kind) {
    }

    private static final String PERSONAL = "('REQUESTER_AVAILABLE', 'ANNOTATOR_AVAILABLE', 'PAYOUT_IN_TRANSIT')";

    public Uni<List<Balance>> balances(String owner) {
        return rows("select kind, balance from account where owner = ?1 and kind in " + PERSONAL + " order by kind",
                List.of(owner)).map(rows -> rows.stream()
                .map(r -> new Balance(AccountKind.valueOf(Rows.asString(r[0])), Rows.asLong(r[1]))).toList());
    }

    public Uni<List<StatementLine>> lines(String owner, Filter filter, int offset, int limit) {
        List<Object> params = new ArrayList<>(List.of(owner));
        String where = where(filter, params);
        params.add(offset);
        params.add(limit);
        return rows("""
                select l.id, e.seq, e.created_at, a.kind, e.kind, e.job_id, e.memo, l.amount, l.balance_after
                from journal_line l join account a on a.id = l.account_id join journal_entry e on e.seq = l.entry_seq
                """ + where + " order by l.id desc offset ?" + (params.size() - 1) + " limit ?" + params.size(), params)
                .map(rows -> rows.stream().map(r -> new StatementLine(Rows.asLong(r[0]), Rows.asLong(r[1]),
                        Rows.asInstant(r[2]), AccountKind.valueOf(Rows.asString(r[3])),
                        EntryKind.valueOf(Rows.asString(r[4])), Rows.asUuid(r[5]), Rows.asString(r[6]),
                        Rows.asLong(r[7]), Rows.asLong(r[8]))).toList());
    }

    public Uni<Long> count(String owner, Filter filter) {
        List<Object> params = new ArrayList<>(List.of(owner));
        String where = where(filter, params);
        return rows("""
                select count(*), 0 from journal_line l join account a on a.id = l.account_id
                join journal_entry e on e.seq = l.entry_seq
                """ + where, params).map(rows -> Rows.asLong(rows.getFirst()[0]));
    }

    private static String where(Filter filter, List<Object> params) {
        StringBuilder where = new StringBuilder("where a.owner = ?1 and a.kind in " + PERSONAL);
        if (filter.from() != null) {
            params.add(Rows.utc(filter.from()));
            where.append(" and e.created_at >= ?").append(params.size());
        }
        if (filter.to() != null) {
            params.add(Rows.utc(filter.to()));
            where.append(" and e.created_at < ?").append(params.size());
        }
        if (filter.kind() != null) {
            params.add(filter.kind().name());
            where.append(" and e.kind = ?").append(params.size());
        }
        return where.toString();
    }
}

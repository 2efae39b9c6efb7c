package dev.crowd.payment.repository;

import dev.crowd.payment.ledger.AccountKind;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.ledger.EntryKind;
import dev.crowd.payment.ledger.PostedEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SQL of the ledger tables. Every method runs in the caller's session and transaction. Parameters are
 * cast explicitly so that multi-row statements never depend on type inference.
 */
@ApplicationScoped
public class LedgerRepository {

    /** An account row locked by this transaction. */
    public record LockedAccount(long id, AccountRef ref, long balance) {
    }

    /** A stored entry and the fingerprint of the request that made it. */
    public record StoredEntry(PostedEntry entry, String requestHash) {
    }

    public record ChainHead(long lastSeq, String lastHash) {
    }

    public record NewLine(long accountId, long amount, long balanceAfter) {
    }

    private static final String FIND_ENTRY = """
            select e.seq, e.kind, e.job_id, e.memo, e.created_at, e.request_hash, a.kind, a.owner, l.amount, l.balance_after
            from journal_entry e join journal_line l on l.entry_seq = e.seq join account a on a.id = l.account_id
            where e.idempotency_key = ?1 order by l.id""";

    public Uni<StoredEntry> findEntry(String idempotencyKey) {
        return rows(FIND_ENTRY, List.of(idempotencyKey)).map(rows -> {
            if (rows.isEmpty()) {
                return null;
            }
            Object[] first = rows.getFirst();
            List<PostedEntry.PostedLine> lines = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                lines.add(new PostedEntry.PostedLine(
                        new AccountRef(AccountKind.valueOf(Rows.asString(row[6])), Rows.asString(row[7])),
                        Rows.asLong(row[8]), Rows.asLong(row[9])));
            }
            PostedEntry entry = new PostedEntry(Rows.asLong(first[0]), idempotencyKey,
                    EntryKind.valueOf(Rows.asString(first[1])), Rows.asUuid(first[2]), Rows.asString(first[3]),
                    Rows.asInstant(first[4]), List.copyOf(lines));
            return new StoredEntry(entry, Rows.asString(first[5]));
        });
    }

    /** Locks the existing accounts among {@code refs} in id order (the one order every posting uses). */
    public Uni<Map<AccountRef, LockedAccount>> lockAccounts(List<AccountRef> refs) {
        StringBuilder sql = new StringBuilder("select id, kind, owner, balance from account where (kind, owner) in (");
        List<Object> params = new ArrayList<>();
        for (AccountRef ref : refs) {
            if (!params.isEmpty()) {
                sql.append(", ");
            }
            sql.append("(cast(?").append(params.size() + 1).append(" as text), cast(?").append(params.size() + 2)
                    .append(" as text))");
            params.add(ref.kind().name());
            params.add(ref.owner());
        }
        sql.append(") order by id for update");
        return rows(sql.toString(), params).map(rows -> {
            Map<AccountRef, LockedAccount> locked = new HashMap<>();
            for (Object[] row : rows) {
                AccountRef ref = new AccountRef(AccountKind.valueOf(Rows.asString(row[1])), Rows.asString(row[2]));
                locked.put(ref, new LockedAccount(Rows.asLong(row[0]), ref, Rows.asLong(row[3])));
            }
            return locked;
        });
    }

    /** Creates the accounts that do not exist yet, in canonical order (so concurrent creators never deadlock). */
    public Uni<Void> createAccounts(List<AccountRef> refs, String currency) {
        StringBuilder sql = new StringBuilder("insert into account (kind, owner, currency) values ");
        List<Object> params = new ArrayList<>();
        List<AccountRef> sorted = refs.stream().sorted().toList();
        for (AccountRef ref : sorted) {
            if (!params.isEmpty()) {
                sql.append(", ");
            }
            int n = params.size();
            sql.append("(?").append(n + 1).append(", ?").append(n + 2).append(", ?").append(n + 3).append(")");
            params.add(ref.kind().name());
            params.add(ref.owner());
            params.add(currency);
        }
        sql.append(" on conflict on constraint account_kind_owner do nothing");
        return update(sql.toString(), params).replaceWithVoid();
    }

    /** Locks the chain head: postings hold it from here to their commit, so the chain has one order. */
    public Uni<ChainHead> lockChainHead() {
        return rows("select last_seq, last_hash from chain_head where id = 1 for update", List.of())
                .map(rows -> new ChainHead(Rows.asLong(rows.getFirst()[0]), Rows.asString(rows.getFirst()[1])));
    }

    public Uni<ChainHead> readChainHead() {
        return rows("select last_seq, last_hash from chain_head where id = 1", List.of())
                .map(rows -> new ChainHead(Rows.asLong(rows.getFirst()[0]), Rows.asString(rows.getFirst()[1])));
    }

    /**
     * Writes the entry, its lines, the new balances and the new chain head in one statement (one round
     * trip while the chain head is held). The lines' foreign key to the entry is checked at the end of
     * the statement, when the entry row exists.
     */
    public Uni<Void> writeEntry(long seq, EntryDraft draft, Instant createdAt, String prevHash, String hash,
                                List<NewLine> lines) {
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(seq, draft.idempotencyKey(), draft.requestHash(),
                draft.kind().name(), draft.jobId(), draft.memo(), Rows.utc(createdAt), prevHash, hash));
        StringBuilder sql = new StringBuilder("""
                with entry as (
                    insert into journal_entry (seq, idempotency_key, request_hash, kind, job_id, memo, created_at, prev_hash, hash)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)),
                lines as (
                    insert into journal_line (entry_seq, account_id, amount, balance_after) values\s""");
        for (int i = 0; i < lines.size(); i++) {
            NewLine line = lines.get(i);
            int n = params.size();
            sql.append(i > 0 ? ", " : "").append("(?1, ?").append(n + 1).append(", ?").append(n + 2)
                    .append(", ?").append(n + 3).append(")");
            params.add(line.accountId());
            params.add(line.amount());
            params.add(line.balanceAfter());
        }
        sql.append("),\nbalances as (update account a set balance = v.b from (values ");
        for (int i = 0; i < lines.size(); i++) {
            NewLine line = lines.get(i);
            int n = params.size();
            sql.append(i > 0 ? ", " : "").append("(cast(?").append(n + 1).append(" as bigint), cast(?")
                    .append(n + 2).append(" as bigint))");
            params.add(line.accountId());
            params.add(line.balanceAfter());
        }
        sql.append(") as v(id, b) where a.id = v.id)\nupdate chain_head set last_seq = ?1, last_hash = ?9 where id = 1");
        return update(sql.toString(), params).replaceWithVoid();
    }

    // --- helpers shared by the repositories of this service ---

    public static Uni<List<Object[]>> rows(String sql, List<?> params) {
        return session(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        });
    }

    public static Uni<Integer> update(String sql, List<?> params) {
        return session(session -> {
            Mutiny.MutationQuery query = session.createNativeQuery(sql);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.executeUpdate();
        });
    }

    private static <T> Uni<T> session(Function<Mutiny.Session, Uni<T>> work) {
        return Panache.getSession().chain(session -> work.apply(session));
    }
}

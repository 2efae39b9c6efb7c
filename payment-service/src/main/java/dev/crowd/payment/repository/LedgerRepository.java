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
import java.util.Collection;
import java.util.LinkedHashMap;
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

    /** The entry stored under {@code idempotencyKey}, or null. */
    public Uni<StoredEntry> findEntry(String idempotencyKey) {
        return findEntries(List.of(idempotencyKey)).map(found -> found.get(idempotencyKey));
    }

    /**
     * Locks the existing accounts among {@code refs} in id order (the one order every posting uses). A join
     * on a VALUES list uses the (kind, owner) index; a row-value IN list would scan every account.
     */
    public Uni<Map<AccountRef, LockedAccount>> lockAccounts(List<AccountRef> refs) {
        StringBuilder sql = new StringBuilder(
                "select a.id, a.kind, a.owner, a.balance from account a join (values ");
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
        sql.append(") as v(kind, owner) on a.kind = v.kind and a.owner = v.owner order by a.id for update of a");
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

    /** An entry ready to be written: its chain position and hashes are already computed. */
    public record NewEntry(long seq, EntryDraft draft, Instant createdAt, String prevHash, String hash,
                           List<NewLine> lines) {
    }

    /**
     * Most bind parameters put in one statement (PostgreSQL's protocol allows 65,535; staying well below
     * keeps statements of a large batch a manageable size).
     */
    static final int MAX_PARAMS = 20_000;

    /** The stored entries among {@code keys}, by idempotency key (one query for any number of keys). */
    public Uni<Map<String, StoredEntry>> findEntries(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder sql = new StringBuilder("""
                select e.seq, e.kind, e.job_id, e.memo, e.created_at, e.request_hash, a.kind, a.owner, l.amount,
                       l.balance_after, e.idempotency_key
                from journal_entry e join journal_line l on l.entry_seq = e.seq join account a on a.id = l.account_id
                where e.idempotency_key in (""");
        List<Object> params = new ArrayList<>(keys);
        for (int i = 1; i <= params.size(); i++) {
            sql.append(i > 1 ? ", ?" : "?").append(i);
        }
        sql.append(") order by e.seq, l.id");
        return rows(sql.toString(), params).map(rows -> {
            Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
            for (Object[] row : rows) {
                byKey.computeIfAbsent(Rows.asString(row[10]), k -> new ArrayList<>()).add(row);
            }
            Map<String, StoredEntry> found = new HashMap<>();
            byKey.forEach((key, entryRows) -> found.put(key, stored(key, entryRows)));
            return found;
        });
    }

    private static StoredEntry stored(String idempotencyKey, List<Object[]> rows) {
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
    }

    /**
     * Writes entries (in chain order), their lines, the accounts' new balances and the new chain head.
     * A batch that fits in one statement is one round trip while the chain head is held; a larger one
     * is split into statements of at most {@link #MAX_PARAMS} parameters, all in the caller's
     * transaction, the last one also setting the balances and the head. Lines' foreign key to their
     * entry is checked at the end of each statement, when the entry rows exist.
     */
    public Uni<Void> writeEntries(List<NewEntry> entries, Map<Long, Long> balances) {
        NewEntry last = entries.getLast();
        int tailParams = balances.size() * 2 + 2;
        List<List<NewEntry>> chunks = new ArrayList<>();
        List<NewEntry> chunk = new ArrayList<>();
        int params = 0;
        for (NewEntry entry : entries) {
            int size = 9 + entry.lines().size() * 3;
            if (!chunk.isEmpty() && params + size > MAX_PARAMS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                params = 0;
            }
            chunk.add(entry);
            params += size;
        }
        chunks.add(chunk);
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int i = 0; i < chunks.size(); i++) {
            List<NewEntry> part = chunks.get(i);
            boolean tail = i == chunks.size() - 1 && params + tailParams <= MAX_PARAMS;
            written = written.chain(() -> writeChunk(part, tail ? balances : null, last));
        }
        if (params + tailParams > MAX_PARAMS) {
            written = written.chain(() -> writeChunk(List.of(), balances, last));
        }
        return written;
    }

    /** One statement: entries and lines of {@code part}; with {@code balances}, also the balances and head. */
    private Uni<Void> writeChunk(List<NewEntry> part, Map<Long, Long> balances, NewEntry last) {
        List<Object> params = new ArrayList<>();
        List<String> ctes = new ArrayList<>();
        if (!part.isEmpty()) {
            StringBuilder entries = new StringBuilder("""
                    insert into journal_entry (seq, idempotency_key, request_hash, kind, job_id, memo, created_at, prev_hash, hash)
                    values\s""");
            for (NewEntry entry : part) {
                EntryDraft draft = entry.draft();
                appendRow(entries, params, entry.seq(), draft.idempotencyKey(), draft.requestHash(), draft.kind().name(),
                        draft.jobId(), draft.memo(), Rows.utc(entry.createdAt()), entry.prevHash(), entry.hash());
            }
            ctes.add(entries.toString());
            StringBuilder lines = new StringBuilder(
                    "insert into journal_line (entry_seq, account_id, amount, balance_after) values ");
            for (NewEntry entry : part) {
                for (NewLine line : entry.lines()) {
                    appendRow(lines, params, entry.seq(), line.accountId(), line.amount(), line.balanceAfter());
                }
            }
            ctes.add(lines.toString());
        }
        if (balances != null) {
            StringBuilder update = new StringBuilder("update account a set balance = v.b from (values ");
            boolean firstRow = true;
            for (Map.Entry<Long, Long> balance : balances.entrySet()) {
                int n = params.size();
                update.append(firstRow ? "" : ", ").append("(cast(?").append(n + 1).append(" as bigint), cast(?")
                        .append(n + 2).append(" as bigint))");
                params.add(balance.getKey());
                params.add(balance.getValue());
                firstRow = false;
            }
            ctes.add(update.append(") as v(id, b) where a.id = v.id").toString());
            int n = params.size();
            ctes.add("update chain_head set last_seq = ?" + (n + 1) + ", last_hash = ?" + (n + 2) + " where id = 1");
            params.add(last.seq());
            params.add(last.hash());
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < ctes.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ",\n").append("w").append(i).append(" as (").append(ctes.get(i)).append(")");
        }
        sql.append(ctes.size() > 1 ? "\n" : "").append(ctes.getLast());
        return update(sql.toString(), params).replaceWithVoid();
    }

    /** Appends {@code (?n+1, ?n+2, ...)} (with a leading comma after the first row) and its values. */
    static void appendRow(StringBuilder sql, List<Object> params, Object... values) {
        if (sql.charAt(sql.length() - 1) == ')') {
            sql.append(", ");
        }
        sql.append('(');
        for (int i = 0; i < values.length; i++) {
            sql.append(i > 0 ? ", ?" : "?").append(params.size() + 1);
            params.add(values[i]);
        }
        sql.append(')');
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

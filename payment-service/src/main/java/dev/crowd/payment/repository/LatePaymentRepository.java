package dev.crowd.payment.repository;

import dev.crowd.payment.settlement.PaidItem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

/** Late answers owed by requesters ({@code late_payment_owed}): recorded when their balance fell short. */
@ApplicationScoped
public class LatePaymentRepository {

    /** One answer owed (or paid, when {@code paidEntrySeq} is set), in the order it became owed ({@code id}). */
    public record Owed(long id, UUID jobId, String requesterId, UUID reviewEventId, PaidItem item, Instant owedSince,
                       Long paidEntrySeq) {
    }

    /** An answer to record as owed. */
    public record NewOwed(UUID jobId, String requesterId, UUID reviewEventId, PaidItem item) {
    }

    /** Of the given (assignment, item) pairs, those recorded as owed (paid since or not), as "assignment/item". */
    public Uni<Set<String>> recorded(List<PaidItem> candidates) {
        return JobEscrowRepository.answersIn("late_payment_owed", candidates);
    }

    /** The requesters among {@code requesterIds} who owe anything not paid yet. */
    public Uni<Set<String>> requestersOwing(Collection<String> requesterIds) {
        if (requesterIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        StringBuilder sql = new StringBuilder("select distinct requester_id, 0 from late_payment_owed where paid_entry_seq is null"
                + " and requester_id in (");
        List<Object> params = new ArrayList<>();
        for (String requester : requesterIds) {
            sql.append(params.isEmpty() ? "?" : ", ?").append(params.size() + 1);
            params.add(requester);
        }
        sql.append(")");
        return rows(sql.toString(), params).map(rows -> {
            Set<String> owing = new HashSet<>();
            rows.forEach(row -> owing.add(Rows.asString(row[0])));
            return owing;
        });
    }

    /** Records the answers as owed; the unique (assignment, item) refuses an answer owed twice. */
    public Uni<Void> insert(List<NewOwed> owed) {
        Uni<Void> done = Uni.createFrom().voidItem();
        int perStatement = LedgerRepository.MAX_PARAMS / 8;
        for (int from = 0; from < owed.size(); from += perStatement) {
            List<NewOwed> part = owed.subList(from, Math.min(owed.size(), from + perStatement));
            StringBuilder sql = new StringBuilder("insert into late_payment_owed (assignment_id, item_id, job_id, "
                    + "requester_id, review_event_id, worker_id, reward, fee) values ");
            List<Object> params = new ArrayList<>();
            for (NewOwed row : part) {
                PaidItem item = row.item();
                LedgerRepository.appendRow(sql, params, item.assignmentId(), item.itemId(), row.jobId(), row.requesterId(),
                        row.reviewEventId(), item.workerId(), item.reward(), item.fee());
            }
            done = done.chain(() -> update(sql.toString(), params).replaceWithVoid());
        }
        return done;
    }

    /**
     * What is owed and not paid yet, oldest first: of one requester, or of everyone when
     * {@code requesterId} is null; at most {@code limit} rows.
     */
    public Uni<List<Owed>> unpaid(String requesterId, int limit) {
        String sql = "select id, job_id, requester_id, review_event_id, assignment_id, item_id, worker_id, reward, fee,"
                + " owed_since, paid_entry_seq from late_payment_owed where paid_entry_seq is null"
                + (requesterId == null ? "" : " and requester_id = ?2") + " order by id limit ?1";
        List<Object> params = requesterId == null ? List.of(limit) : List.of(limit, requesterId);
        return rows(sql, params).map(rows -> rows.stream().map(r -> new Owed(Rows.asLong(r[0]), Rows.asUuid(r[1]),
                Rows.asString(r[2]), Rows.asUuid(r[3]), new PaidItem(Rows.asUuid(r[4]), Rows.asUuid(r[5]),
                Rows.asString(r[6]), Rows.asLong(r[7]), Rows.asLong(r[8])), Rows.asInstant(r[9]),
                r[10] == null ? null : Rows.asLong(r[10]))).toList());
    }

    /** Marks the owed rows {@code ids} as paid by the journal entry {@code entrySeq}. */
    public Uni<Void> markPaid(List<Long> ids, long entrySeq) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("update late_payment_owed set paid_entry_seq = ?1, paid_at = now()"
                + " where paid_entry_seq is null and id in (");
        List<Object> params = new ArrayList<>();
        params.add(entrySeq);
        for (Long id : ids) {
            sql.append(params.size() > 1 ? ", ?" : "?").append(params.size() + 1);
            params.add(id);
        }
        sql.append(")");
        return update(sql.toString(), params).map(n -> {
            if (n != ids.size()) {
                throw new IllegalStateException("owed rows " + ids + " were paid concurrently");
            }
            return null;
        });
    }
}

package dev.crowd.payment.repository;

import dev.crowd.payment.Payout;
import dev.crowd.payment.PayoutBatch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

@ApplicationScoped
public class PayoutRepository {

    private static final String COLUMNS =
            "id, worker_id, amount, currency, status, batch_id, failure_reason, requested_at, completed_at";
    private static final String BATCH_COLUMNS =
            "id, provider, reference, status, payout_count, total, created_at, confirmed_at";

    public Uni<Void> insert(UUID id, String workerId, long amount, String currency) {
        return update("insert into payout (id, worker_id, amount, currency, status) values (?1, ?2, ?3, ?4, 'REQUESTED')",
                List.of(id, workerId, amount, currency)).replaceWithVoid();
    }

    public Uni<Payout> find(UUID id) {
        return rows("select " + COLUMNS + " from payout where id = ?1", List.of(id))
                .map(rows -> rows.isEmpty() ? null : map(rows.getFirst()));
    }

    public Uni<List<Payout>> byWorker(String workerId, int offset, int limit) {
        return rows("select " + COLUMNS + " from payout where worker_id = ?1 order by requested_at desc, id offset ?2 limit ?3",
                List.of(workerId, offset, limit)).map(rows -> rows.stream().map(PayoutRepository::map).toList());
    }

    /** Locks the requested payouts not yet in a batch (skipping those another instance is batching). */
    public Uni<List<Payout>> lockRequested() {
        return rows("select " + COLUMNS + " from payout where status = 'REQUESTED' order by requested_at, id"
                + " for update skip locked", List.of()).map(rows -> rows.stream().map(PayoutRepository::map).toList());
    }

    public Uni<List<Payout>> inBatch(UUID batchId, boolean forUpdate) {
        return rows("select " + COLUMNS + " from payout where batch_id = ?1 order by requested_at, id"
                + (forUpdate ? " for update" : ""), List.of(batchId))
                .map(rows -> rows.stream().map(PayoutRepository::map).toList());
    }

    public Uni<Void> insertBatch(UUID id, String provider, int count, long total) {
        return update("insert into payout_batch (id, provider, status, payout_count, total) values (?1, ?2, 'SUBMITTED', ?3, ?4)",
                List.of(id, provider, count, total)).replaceWithVoid();
    }

    public Uni<Void> assignBatch(UUID batchId, List<UUID> payoutIds) {
        return update("update payout set status = 'SUBMITTED', batch_id = ?1 where id in (?2)", List.of(batchId, payoutIds))
                .replaceWithVoid();
    }

    public Uni<Void> setBatchReference(UUID batchId, String reference) {
        return update("update payout_batch set reference = ?2 where id = ?1", List.of(batchId, reference)).replaceWithVoid();
    }

    public Uni<PayoutBatch> findBatch(UUID id, boolean forUpdate) {
        return rows("select " + BATCH_COLUMNS + " from payout_batch where id = ?1" + (forUpdate ? " for update" : ""),
                List.of(id)).map(rows -> rows.isEmpty() ? null : mapBatch(rows.getFirst()));
    }

    public Uni<List<PayoutBatch>> batches(int offset, int limit) {
        return rows("select " + BATCH_COLUMNS + " from payout_batch order by created_at desc, id offset ?1 limit ?2",
                List.of(offset, limit)).map(rows -> rows.stream().map(PayoutRepository::mapBatch).toList());
    }

    public Uni<Void> complete(UUID payoutId, Payout.Status status, String reason) {
        return update("update payout set status = ?2, failure_reason = ?3, completed_at = now() where id = ?1",
                java.util.Arrays.asList(payoutId, status.name(), reason == null ? "" : reason)).replaceWithVoid();
    }

    public Uni<Void> confirmBatch(UUID batchId) {
        return update("update payout_batch set status = 'CONFIRMED', confirmed_at = now() where id = ?1", List.of(batchId))
                .replaceWithVoid();
    }

    private static Payout map(Object[] r) {
        String reason = Rows.asString(r[6]);
        return new Payout(Rows.asUuid(r[0]), Rows.asString(r[1]), Rows.asLong(r[2]), Rows.asString(r[3]),
                Payout.Status.valueOf(Rows.asString(r[4])), Rows.asUuid(r[5]),
                reason == null || reason.isEmpty() ? null : reason, Rows.asInstant(r[7]), Rows.asInstant(r[8]));
    }

    private static PayoutBatch mapBatch(Object[] r) {
        return new PayoutBatch(Rows.asUuid(r[0]), Rows.asString(r[1]), Rows.asString(r[2]),
                PayoutBatch.Status.valueOf(Rows.asString(r[3])), (int) Rows.asLong(r[4]), Rows.asLong(r[5]),
                Rows.asInstant(r[6]), Rows.asInstant(r[7]));
    }
}

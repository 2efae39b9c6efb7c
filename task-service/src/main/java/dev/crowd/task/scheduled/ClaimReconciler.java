package dev.crowd.task.scheduled;

import dev.crowd.task.JobTransitions;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.service.WorkQueue;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A claim takes a slot in Redis, then records the lease in PostgreSQL. A service that dies between the
 * two leaves a slot taken for ever, and the job can never complete. Every claim is therefore pending in
 * Redis until its lease is recorded; this gives back the slots of pending claims older than
 * {@code claims.pending-grace} that have no lease, and forgets those that do.
 */
@ApplicationScoped
public class ClaimReconciler {

    private static final Logger LOG = Logger.getLogger(ClaimReconciler.class);

    private final WorkQueue queue;
    private final Pool pool;
    private final TaskConfig config;

    public ClaimReconciler(WorkQueue queue, Pool pool, TaskConfig config) {
        this.queue = queue;
        this.pool = pool;
        this.config = config;
    }

    /** Returns how many lost claims were given back. */
    public Uni<Integer> reconcile() {
        return pool.preparedQuery("select id from job where status in (" + JobTransitions.sqlList(JobTransitions.OPEN) + ")").execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getUUID(0))
                .onItem().transformToUniAndConcatenate(this::reconcile)
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> reconcile(UUID jobId) {
        long cutoff = System.currentTimeMillis() - config.claims().pendingGrace().toMillis();
        return queue.pendingClaims(jobId).chain(pending -> {
            List<WorkQueue.PendingClaim> old = pending.stream().filter(p -> p.claimedAtMillis() < cutoff).toList();
            if (old.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            UUID[] ids = old.stream().map(WorkQueue.PendingClaim::leaseId).toArray(UUID[]::new);
            return pool.preparedQuery("select id from assignment where id = any($1)").execute(Tuple.of(ids))
                    .chain(rows -> {
                        Set<UUID> leased = new HashSet<>();
                        for (Row row : rows) {
                            leased.add(row.getUUID(0));
                        }
                        return Multi.createFrom().iterable(old)
                                .onItem().transformToUniAndConcatenate(claim -> leased.contains(claim.leaseId())
                                        ? queue.leased(jobId, claim.leaseId()).replaceWith(false)
                                        : queue.returnPending(jobId, claim))
                                .collect().asList()
                                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
                    });
        }).invoke(n -> {
            if (n > 0) {
                LOG.warnf("job %s: gave back %d slot(s) of claims whose lease never reached the database", jobId, n);
            }
        });
    }
}

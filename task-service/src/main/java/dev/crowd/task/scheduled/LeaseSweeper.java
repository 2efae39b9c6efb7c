package dev.crowd.task.scheduled;

import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.service.AssignmentService;
import dev.crowd.task.service.QueueRebuilder;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Ends lapsed leases every {@code crowd.task.claims.sweep-interval} (several instances share the work). */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    private final AssignmentService assignments;
    private final ClaimReconciler claims;
    private final QueueRebuilder queues;
    private final TaskConfig config;

    public LeaseSweeper(AssignmentService assignments, ClaimReconciler claims, QueueRebuilder queues, TaskConfig config) {
        this.assignments = assignments;
        this.claims = claims;
        this.queues = queues;
        this.config = config;
    }

    /** Open jobs whose claim queues Redis lost (restart, failover, FLUSHALL) get them rebuilt from PostgreSQL. */
    @Scheduled(every = "${crowd.task.claims.reconcile-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rebuildQueues() {
        return queues.check()
                .onFailure().invoke(f -> LOG.warn("claim queue rebuild check failed", f))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Slots of claims whose lease never reached the database (the service died in between) go back. */
    @Scheduled(every = "${crowd.task.claims.reconcile-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcileClaims() {
        return claims.reconcile()
                .onFailure().invoke(f -> LOG.warn("claim reconciliation failed", f))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(every = "${crowd.task.claims.sweep-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return assignments.expireDue(config.claims().sweepBatch())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("expired %d lease(s)", n);
                    }
                })
                .onFailure().invoke(f -> LOG.warn("lease sweep failed", f))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}

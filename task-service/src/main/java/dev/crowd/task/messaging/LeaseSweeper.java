package dev.crowd.task.messaging;

import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.service.AssignmentService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Ends lapsed leases every {@code crowd.task.claims.sweep-interval} (several instances share the work). */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    private final AssignmentService assignments;
    private final TaskConfig config;

    public LeaseSweeper(AssignmentService assignments, TaskConfig config) {
        this.assignments = assignments;
        this.config = config;
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

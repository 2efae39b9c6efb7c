package dev.crowd.worker.scheduled;

import dev.crowd.worker.service.SanctionService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Lifts expired sanctions and drops expired qualifications, announcing each annotator's new state. */
@ApplicationScoped
public class ExpirySweeper {

    private final SanctionService sanctions;

    public ExpirySweeper(SanctionService sanctions) {
        this.sanctions = sanctions;
    }

    @Scheduled(every = "${crowd.workers.expiry-sweep-every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sanctions.sweepExpired().replaceWithVoid();
    }
}

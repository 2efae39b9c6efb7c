package dev.crowd.qa.scheduled;

import dev.crowd.qa.service.ReestimationHandler;
import dev.crowd.qa.service.Sequential;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Re-estimates, at {@code crowd.qa.reestimate-every}, every active job with new judgments, one at a time. */
@ApplicationScoped
public class ReestimationTimer {

    private static final Logger LOG = Logger.getLogger(ReestimationTimer.class);

    private final ReestimationHandler reestimation;

    public ReestimationTimer(ReestimationHandler reestimation) {
        this.reestimation = reestimation;
    }

    @Scheduled(identity = "qa-reestimation", every = "${crowd.qa.reestimate-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> reestimateDirtyJobs() {
        return reestimation.dirtyJobs()
                .chain(ids -> Sequential.each(ids, id -> reestimation.reestimate(id)
                        .onFailure().invoke(e -> LOG.errorf(e, "re-estimation of job %s failed", id))
                        .onFailure().recoverWithNull()));
    }
}

package dev.crowd.qa.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Re-estimates, at {@code crowd.qa.reestimate-every}, every active job with new judgments, one at a time. */
@ApplicationScoped
public class ReestimationTimer {

    private static final Logger LOG = Logger.getLogger(ReestimationTimer.class);

    private final QualityService quality;

    public ReestimationTimer(QualityService quality) {
        this.quality = quality;
    }

    @Scheduled(identity = "qa-reestimation", every = "${crowd.qa.reestimate-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> reestimateDirtyJobs() {
        return quality.dirtyJobs()
                .chain(ids -> QualityService.sequentially(ids, id -> quality.reestimate(id)
                        .onFailure().invoke(e -> LOG.errorf(e, "re-estimation of job %s failed", id))
                        .onFailure().recoverWithNull()));
    }
}

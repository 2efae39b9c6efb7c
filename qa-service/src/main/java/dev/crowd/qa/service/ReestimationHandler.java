package dev.crowd.qa.service;

import dev.crowd.qa.QaJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Full re-estimation of a job, in its own transaction (the timer's or the admin endpoint's): see
 * {@link dev.crowd.qa.core.JobQualityModel#reestimated()}.
 */
@ApplicationScoped
public class ReestimationHandler {

    private static final Logger LOG = Logger.getLogger(ReestimationHandler.class);

    private final JobStore store;
    private final ChangeWriter writer;

    public ReestimationHandler(JobStore store, ChangeWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Active jobs with judgments newer than their last full estimation. */
    public Uni<List<UUID>> dirtyJobs() {
        return Panache.withSession(() -> QaJob.<QaJob>list("dirty = true and status = ?1", QaJob.Status.ACTIVE)
                .map(jobs -> jobs.stream().map(j -> j.id).sorted().toList()));
    }

    /** @return false when the job is unknown */
    public Uni<Boolean> reestimate(UUID jobId) {
        return Panache.withTransaction(() -> store.lockedJob(jobId).chain(job -> {
            if (job == null) {
                return Uni.createFrom().item(false);
            }
            return store.loadAll(job).chain(ctx -> {
                var change = ctx.model().reestimated();
                LOG.debugf("job %s re-estimated: %d annotators announced", job.id, change.scored().size());
                return writer.save(ctx, change);
            }).replaceWith(true);
        }));
    }
}

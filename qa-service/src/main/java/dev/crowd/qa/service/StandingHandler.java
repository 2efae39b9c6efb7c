package dev.crowd.qa.service;

import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.qa.WorkerStanding;
import dev.crowd.qa.core.Standing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * crowd.workers' WorkerProfileChanged: keeps the annotator's standing; when it changes to a sanctioned
 * one (suspended or banned, or suspended from a job), their unreviewed answers on unresolved items stop
 * counting and those items are re-aggregated, which may resolve them or ask for replacement judgments.
 *
 * <p>worker-service announces an annotator's full state whenever their trust changes, i.e. with almost
 * every answer. Only a change of standing can exclude answers: when the stored standing is the event's,
 * nothing is written or queried (answers given while sanctioned were excluded when they were recorded).
 * No stored standing is the default one (active, no suspended jobs), so an active annotator costs no
 * row and no query either.
 */
@ApplicationScoped
public class StandingHandler {

    private static final Logger LOG = Logger.getLogger(StandingHandler.class);

    private final JobStore store;
    private final ChangeWriter writer;
    private final JsonColumns json;

    public StandingHandler(JobStore store, ChangeWriter writer, JsonColumns json) {
        this.store = store;
        this.writer = writer;
        this.json = json;
    }

    public Uni<Void> workerChanged(WorkerProfileChanged event) {
        String status = event.status() == null ? WorkerStatus.ACTIVE.name() : event.status().name();
        Set<UUID> suspended = event.suspendedJobIds() == null ? Set.of() : new TreeSet<>(event.suspendedJobIds());
        Standing standing = new Standing(status, suspended);
        return WorkerStanding.<WorkerStanding>findById(event.workerId()).chain(found -> {
            if (Standings.of(found, json).equals(standing)) {
                return Uni.createFrom().voidItem(); // a trust-only change
            }
            WorkerStanding row = found == null ? new WorkerStanding() : found;
            row.workerId = event.workerId();
            row.status = status;
            row.suspendedJobIds = json.write(suspended);
            Uni<?> saved = found == null ? row.persist() : Uni.createFrom().voidItem();
            if (standing.isDefault()) {
                return saved.replaceWithVoid(); // reinstated: excluded answers stay excluded
            }
            // The annotator locked (see JobStore.lockWorker), then their open jobs, then each job locked
            // before its judgments are read and changed (sorted: no deadlock).
            return saved.chain(() -> store.lockWorker(event.workerId(), true))
                    .chain(() -> openJudgments(event.workerId(), "j.jobId", null))
                    .chain(jobIds -> {
                        List<UUID> sanctioned = jobIds.stream().filter(standing::sanctionedFor).sorted().toList();
                        if (sanctioned.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        LOG.infof("annotator %s sanctioned (%s): re-aggregating their open items in %d jobs",
                                event.workerId(), status, sanctioned.size());
                        return Sequential.each(sanctioned, jobId -> exclude(event.workerId(), jobId));
                    });
        });
    }

    private Uni<Void> exclude(String workerId, UUID jobId) {
        return store.lockedJob(jobId)
                .onItem().ifNull().failWith(() -> new IllegalStateException("unknown job " + jobId))
                .chain(job -> openJudgments(workerId, "j.itemId", jobId)
                        .chain(items -> store.loadItems(job, items, List.of(workerId)))
                        .chain(ctx -> writer.save(ctx, ctx.model().sanctioned(workerId))));
    }

    /** The distinct jobs (or, in one job, items) where the annotator has unreviewed counting non-gold answers. */
    private static Uni<List<UUID>> openJudgments(String workerId, String column, UUID jobId) {
        String hql = "select distinct " + column + " from Judgment j where j.workerId = :worker and j.excluded = false"
                + " and j.gold = false and j.verdict is null" + (jobId == null ? "" : " and j.jobId = :job");
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery(hql, UUID.class).setParameter("worker", workerId);
            return (jobId == null ? query : query.setParameter("job", jobId)).getResultList();
        });
    }
}

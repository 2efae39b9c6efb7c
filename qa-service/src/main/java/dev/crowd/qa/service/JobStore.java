package dev.crowd.qa.service;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.json.EventJson;
import dev.crowd.qa.GoldLabel;
import dev.crowd.qa.ItemState;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.ParkedEvent;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.config.QualityConfig;
import dev.crowd.qa.core.AnnotatorRecord;
import dev.crowd.qa.core.AnswerRow;
import dev.crowd.qa.core.ItemRow;
import dev.crowd.qa.core.JobPolicy;
import dev.crowd.qa.core.JobQualityModel;
import dev.crowd.qa.core.Rules;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Loads, locks and saves a job's quality state: the only place the handlers' rows meet Hibernate.
 * Loading builds a {@link JobQualityModel} over the rows a decision needs; {@link ChangeWriter} saves
 * what it decided. A job's row is locked first, so a job's consensus is never updated by two
 * transactions at once.
 */
@ApplicationScoped
public class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);

    private final QualityConfig config;
    private final JsonColumns json;
    private final EventJson events;

    public JobStore(QualityConfig config, JsonColumns json, EventJson events) {
        this.config = config;
        this.json = json;
        this.events = events;
    }

    // ---------------------------------------------------------------- locks

    /**
     * A transaction-scoped lock on the job's id, held whether or not the job exists yet. Without it an
     * event about an unknown job could be parked while its JobSubmitted commits and replays the parked
     * events (not seeing the new one): that event would stay parked forever. With it, parking and
     * replaying take turns, and a statement after the lock sees what the other committed.
     */
    Uni<Void> lockJobId(UUID jobId) {
        return advisoryLock(jobId.toString(), true);
    }

    /**
     * A transaction-scoped lock on an annotator: shared while their answers are recorded, exclusive while
     * a change of their standing is applied. A sanction then either sees every answer recorded before it
     * (it waits for them to commit) or is seen by the answers recorded after it (they wait for it), even
     * an annotator's first answer in a job, which the sanction's query of their open jobs could not find
     * while it was uncommitted. Annotators are locked before jobs on both paths.
     */
    Uni<Void> lockWorker(String workerId, boolean exclusive) {
        return advisoryLock("worker:" + workerId, exclusive);
    }

    /** A transaction-scoped PostgreSQL advisory lock on {@code key}, exclusive or shared. */
    private static Uni<Void> advisoryLock(String key, boolean exclusive) {
        String sql = "select 1 from (select pg_advisory_xact_lock" + (exclusive ? "" : "_shared")
                + "(hashtextextended(?1, 0))) locked";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Integer.class)
                        .setParameter(1, key).getSingleResult())
                .replaceWithVoid();
    }

    /** The job's row, locked for this transaction, or null when it is unknown. */
    Uni<QaJob> lockedJob(UUID jobId) {
        return lockJobId(jobId).chain(() -> QaJob.<QaJob>findById(jobId, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Runs {@code effect} on the job, locked; events about a job not known yet are parked, each, and
     * replayed when its JobSubmitted arrives.
     */
    Uni<Void> withJob(UUID jobId, List<? extends CrowdEvent> about, Function<QaJob, Uni<Void>> effect) {
        return lockedJob(jobId).chain(job -> job != null ? effect.apply(job) : park(jobId, about));
    }

    private Uni<Void> park(UUID jobId, List<? extends CrowdEvent> about) {
        List<ParkedEvent> parked = new ArrayList<>();
        for (CrowdEvent event : about) {
            ParkedEvent p = new ParkedEvent();
            p.eventId = event.eventId();
            p.jobId = jobId;
            p.topic = event.topic();
            p.payload = events.write(event);
            parked.add(p);
            LOG.infof("event %s (%s) is about job %s, not known yet: parked", event.eventId(),
                    event.cloudEventType(), jobId);
        }
        return Panache.getSession().chain(s -> s.persistAll(parked.toArray()));
    }

    // ---------------------------------------------------------------- loading

    Rules rules() {
        return new Rules(config.defaultAccuracy(), config.priorStrength(), config.smoothing(),
                config.confusionPriorStrength());
    }

    JobPolicy policy(QaJob job) {
        return new JobPolicy(job.id, json.strings(job.labels), job.minJudgments, job.maxJudgments,
                job.targetConfidence, job.status == QaJob.Status.ACTIVE, json.vector(job.priors));
    }

    /**
     * The model over these items of the job: their gold, states and judgments (in recording order), and
     * the job's records of everyone who answered them and of {@code moreWorkers}.
     */
    Uni<JobContext> loadItems(QaJob job, Collection<UUID> itemIds, Collection<String> moreWorkers) {
        List<UUID> ids = List.copyOf(new TreeSet<>(itemIds));
        if (ids.isEmpty()) {
            return records(job, moreWorkers).map(records -> context(job, List.of(), List.of(), List.of(), List.of(),
                    records));
        }
        return GoldLabel.<GoldLabel>list("jobId = ?1 and itemId in ?2", job.id, ids)
                .chain(golds -> ItemState.<ItemState>list("itemId in ?1", ids)
                        .chain(states -> Judgment.<Judgment>list("itemId in ?1 order by createdAt, id", ids)
                                .chain(judgments -> sameAssignments(judgments, ids).chain(others -> {
                                    TreeSet<String> workers = new TreeSet<>(moreWorkers);
                                    judgments.forEach(j -> workers.add(j.workerId));
                                    return records(job, workers).map(records ->
                                            context(job, golds, states, judgments, others, records));
                                }))));
    }

    /** The other judgments of the assignments of {@code judgments} (for held gold verdicts). */
    private static Uni<List<Judgment>> sameAssignments(List<Judgment> judgments, List<UUID> itemIds) {
        List<UUID> assignments = judgments.stream().map(j -> j.assignmentId).distinct().toList();
        if (assignments.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Judgment.list("assignmentId in ?1 and itemId not in ?2", assignments, itemIds);
    }

    /** The model over the whole job (for a full re-estimation): every judgment, gold label, record and open item. */
    Uni<JobContext> loadAll(QaJob job) {
        return Judgment.<Judgment>list("jobId = ?1 order by createdAt, id", job.id)
                .chain(judgments -> GoldLabel.<GoldLabel>list("jobId", job.id)
                        .chain(golds -> WorkerQualityRecord.<WorkerQualityRecord>list("jobId", job.id)
                                .chain(records -> ItemState.<ItemState>list("jobId = ?1 and status = ?2", job.id,
                                                ItemState.Status.OPEN)
                                        .map(open -> context(job, golds, open, judgments, List.of(), records)))));
    }

    private Uni<List<WorkerQualityRecord>> records(QaJob job, Collection<String> workers) {
        if (workers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return WorkerQualityRecord.list("jobId = ?1 and workerId in ?2", job.id, List.copyOf(new TreeSet<>(workers)));
    }

    private JobContext context(QaJob job, List<GoldLabel> golds, List<ItemState> states, List<Judgment> judgments,
                               List<Judgment> sameAssignments, List<WorkerQualityRecord> records) {
        Map<UUID, String> gold = new HashMap<>();
        golds.forEach(g -> gold.put(g.itemId, g.label));
        Map<UUID, ItemState> stateOf = new LinkedHashMap<>();
        states.forEach(s -> stateOf.put(s.itemId, s));
        Map<UUID, Judgment> judgmentOf = new LinkedHashMap<>();
        judgments.forEach(j -> judgmentOf.put(j.id, j));
        sameAssignments.forEach(j -> judgmentOf.put(j.id, j));
        Map<String, WorkerQualityRecord> recordOf = new LinkedHashMap<>();
        records.forEach(r -> recordOf.put(r.workerId, r));
        JobQualityModel model = new JobQualityModel(rules(), policy(job), gold,
                states.stream().map(this::row).toList(), judgments.stream().map(JobStore::row).toList(),
                sameAssignments.stream().map(JobStore::row).toList(), records.stream().map(this::row).toList(),
                UUID::randomUUID);
        return new JobContext(job, model, judgmentOf, stateOf, recordOf);
    }

    private static AnswerRow row(Judgment j) {
        return new AnswerRow(j.id, j.itemId, j.assignmentId, j.workerId, j.label, j.timeSpentMillis, j.gold, j.excluded,
                j.verdict == null ? null : new AnswerRow.Review(j.verdict == Judgment.Verdict.ACCEPTED, j.reason),
                j.verdictHeld);
    }

    private ItemRow row(ItemState s) {
        return new ItemRow(s.itemId, s.status == ItemState.Status.RESOLVED, s.slots, s.label, s.confidence, s.agreement,
                s.judgments, json.vector(s.posterior), s.lowConfidence);
    }

    private AnnotatorRecord row(WorkerQualityRecord r) {
        return new AnnotatorRecord(r.workerId, r.goldCorrect, r.goldTotal, r.agreed, r.reviewed, r.accuracy,
                json.matrix(r.confusion));
    }
}

package dev.crowd.qa.service;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;
import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.json.EventJson;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.qa.ParkedEvent;
import dev.crowd.qa.GoldLabel;
import dev.crowd.qa.ItemState;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.WorkerStanding;
import dev.crowd.qa.config.QualityConfig;
import dev.crowd.consensus.AnswerSet;
import dev.crowd.consensus.ConsensusResult;
import dev.crowd.consensus.DawidSkene;
import dev.crowd.consensus.OnlinePosterior;
import dev.crowd.consensus.Shrinkage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies the events qa-service consumes: keeps jobs' policies and gold, stores judgments, checks gold
 * at once, updates each item's consensus as answers arrive, resolves or asks for more by the overlap
 * policy, reviews answers, scores annotators, and re-estimates jobs in full. Every method runs inside
 * the caller's transaction (the Inbox's, or its own for the timer) and publishes through the outbox.
 * A job's row is locked first, so a job's consensus is never updated by two transactions at once.
 */
@ApplicationScoped
public class QualityService {

    /** The method named in ItemResolved: Dawid-Skene's E-step for the item over the job's current estimates. */
    public static final String METHOD = "dawid-skene-online";
    public static final String METHOD_VERSION = "1";

    private static final Logger LOG = Logger.getLogger(QualityService.class);

    private final Outbox outbox;
    private final QualityConfig config;
    private final JsonColumns json;
    private final EventJson events;

    public QualityService(Outbox outbox, QualityConfig config, JsonColumns json, EventJson events) {
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.events = events;
    }

    // ---------------------------------------------------------------- crowd.jobs

    public Uni<Void> jobSubmitted(JobSubmitted event) {
        return lockJobId(event.jobId()).chain(() -> QaJob.<QaJob>findById(event.jobId())).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            QaJob job = new QaJob();
            job.id = event.jobId();
            job.requesterId = event.requesterId();
            job.title = event.title() == null ? "" : event.title();
            List<String> labels = event.labels() == null ? List.of() : List.copyOf(new LinkedHashSet<>(event.labels()));
            if (labels.isEmpty()) {
                return Uni.createFrom().failure(new IllegalArgumentException("job " + event.jobId() + " has no labels"));
            }
            job.labels = json.write(labels);
            int min = event.overlap() == null ? 1 : Math.max(1, event.overlap().minJudgments());
            job.minJudgments = min;
            job.maxJudgments = event.overlap() == null ? min : Math.max(min, event.overlap().maxJudgments());
            job.targetConfidence = event.overlap() == null ? 0 : Math.min(1, Math.max(0, event.overlap().targetConfidence()));
            job.status = QaJob.Status.ACTIVE;
            return job.persist().chain(() -> Panache.getSession()).chain(s -> s.flush())
                    .chain(() -> replayParked(job.id));
        });
    }

    /**
     * A transaction-scoped lock on the job's id, held whether or not the job exists yet. Without it an
     * event about an unknown job could be parked while its JobSubmitted commits and replays the parked
     * events (not seeing the new one): that event would stay parked forever. With it, parking and
     * replaying take turns, and a statement after the lock sees what the other committed.
     */
    private static Uni<Void> lockJobId(UUID jobId) {
        return advisoryLock(jobId.toString(), true);
    }

    /** A transaction-scoped PostgreSQL advisory lock on {@code key}, exclusive or shared. */
    private static Uni<Void> advisoryLock(String key, boolean exclusive) {
        String sql = "select 1 from (select pg_advisory_xact_lock" + (exclusive ? "" : "_shared")
                + "(hashtextextended(?1, 0))) locked";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Integer.class)
                        .setParameter(1, key).getSingleResult())
                .replaceWithVoid();
    }

    /** Applies, in a safe order (gold, answers, cancellation), the job's events that arrived before it. */
    private Uni<Void> replayParked(UUID jobId) {
        return ParkedEvent.<ParkedEvent>list("jobId = ?1 order by seq", jobId).chain(parked -> {
            if (parked.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<CrowdEvent> decoded = new ArrayList<>();
            for (ParkedEvent p : parked) {
                try {
                    decoded.add(events.read(p.payload, Topics.eventTypeOf(p.topic)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("parked event " + p.eventId + " cannot be decoded", e);
                }
            }
            decoded.sort(Comparator.comparingInt(e -> switch (e) {
                case GoldRegistered g -> 0;
                case AssignmentSubmitted a -> 1;
                default -> 2;
            }));
            LOG.infof("job %s arrived: replaying %d events that came before it", jobId, decoded.size());
            return sequentially(decoded, this::applyParked)
                    .chain(() -> ParkedEvent.delete("jobId", jobId)).replaceWithVoid();
        });
    }

    private Uni<Void> applyParked(CrowdEvent event) {
        return switch (event) {
            case GoldRegistered gold -> goldRegistered(gold);
            case AssignmentSubmitted submitted -> assignmentSubmitted(submitted);
            case JobCancelled cancelled -> jobCancelled(cancelled);
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * Runs {@code effect} on the job, locked; events about a job not known yet are parked, each, and
     * replayed when its JobSubmitted arrives.
     */
    private Uni<Void> withJob(UUID jobId, List<? extends CrowdEvent> about, Function<QaJob, Uni<Void>> effect) {
        return lockJobId(jobId).chain(() -> QaJob.<QaJob>findById(jobId, LockModeType.PESSIMISTIC_WRITE)).chain(job -> {
            if (job != null) {
                return effect.apply(job);
            }
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
        });
    }

    public Uni<Void> goldRegistered(GoldRegistered event) {
        List<UUID> ids = event.items().stream().map(GoldRegistered.GoldItem::itemId).toList();
        return withJob(event.jobId(), List.of(event), job -> GoldLabel.<GoldLabel>list("itemId in ?1", ids).chain(existing -> {
                    Set<UUID> known = new HashSet<>();
                    existing.forEach(g -> known.add(g.itemId));
                    List<String> labels = json.strings(job.labels);
                    List<GoldLabel> fresh = new ArrayList<>();
                    for (GoldRegistered.GoldItem item : event.items()) {
                        if (!labels.contains(item.label())) {
                            LOG.warnf("gold item %s of job %s has label %s outside the label set: ignored",
                                    item.itemId(), job.id, item.label());
                        } else if (known.add(item.itemId())) {
                            GoldLabel gold = new GoldLabel();
                            gold.itemId = item.itemId();
                            gold.jobId = job.id;
                            gold.label = item.label();
                            fresh.add(gold);
                        }
                    }
                    return Panache.getSession().chain(s -> s.persistAll(fresh.toArray()).chain(s::flush))
                            .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : judgeEarlyAnswers(job, fresh));
                }));
    }

    /**
     * Answers that reached an item before its gold label did (crowd.jobs and crowd.work are consumed
     * independently, e.g. right after a restart) were taken as ordinary answers. They are judged against
     * the gold now, as they would have been on arrival, and the item leaves consensus. An answer that
     * consensus already reviewed keeps its verdict (it may have been paid).
     */
    private Uni<Void> judgeEarlyAnswers(QaJob job, List<GoldLabel> golds) {
        Map<UUID, String> goldOf = new HashMap<>();
        golds.forEach(g -> goldOf.put(g.itemId, g.label));
        List<UUID> ids = new ArrayList<>(goldOf.keySet());
        return Judgment.<Judgment>list("jobId = ?1 and itemId in ?2 and gold = false", job.id, ids).chain(early -> {
            if (early.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("job %s: %d answers arrived before their items' gold labels; judged against gold now",
                    job.id, early.size());
            Changes changes = new Changes(job, json.strings(job.labels));
            OffsetDateTime now = now();
            for (Judgment j : early) {
                j.gold = true;
                if (j.verdict != null) {
                    continue;
                }
                String gold = goldOf.get(j.itemId);
                boolean correct = gold.equals(j.label);
                changes.touch(j.workerId);
                changes.stats(j.workerId)[1]++;
                if (correct) {
                    changes.stats(j.workerId)[0]++;
                }
                review(changes, j, correct, correct ? null : "gold: expected " + gold + ", answered " + j.label, now);
            }
            job.dirty = true;
            return ItemState.delete("itemId in ?1 and status = ?2", ids, ItemState.Status.OPEN)
                    .chain(() -> finish(changes));
        });
    }

    public Uni<Void> jobCancelled(JobCancelled event) {
        return withJob(event.jobId(), List.of(event), job -> {
            job.status = QaJob.Status.CANCELLED;
            return Uni.createFrom().voidItem();
        });
    }

    // ---------------------------------------------------------------- crowd.work

    /** One submission; see {@link #assignmentsSubmitted}. */
    public Uni<Void> assignmentSubmitted(AssignmentSubmitted event) {
        return assignmentsSubmitted(List.of(event));
    }

    /**
     * Judges a poll's submissions job by job, each job in one pass: locked once, its judgments recorded
     * and gold checked for all the submissions together, its annotators' records updated, then the
     * consensus of every item they answered evaluated once, and what changed published once. Jobs go
     * in the order of their ids, so two transactions never lock two jobs in opposite orders. The result
     * is what the submissions one by one would give, except that answers of several annotators to one
     * item are weighed together. Submissions about a job not known yet are parked, each.
     */
    public Uni<Void> assignmentsSubmitted(List<AssignmentSubmitted> submissions) {
        Map<UUID, List<AssignmentSubmitted>> byJob = new TreeMap<>();
        submissions.forEach(s -> byJob.computeIfAbsent(s.jobId(), id -> new ArrayList<>()).add(s));
        List<String> workers = submissions.stream().map(AssignmentSubmitted::workerId).distinct().sorted().toList();
        return sequentially(workers, worker -> lockWorker(worker, false))
                .chain(() -> sequentially(new ArrayList<>(byJob.entrySet()),
                        entry -> withJob(entry.getKey(), entry.getValue(), job -> submitted(job, entry.getValue()))));
    }

    /**
     * A transaction-scoped lock on an annotator: shared while their answers are recorded, exclusive while
     * a change of their standing is applied. A sanction then either sees every answer recorded before it
     * (it waits for them to commit) or is seen by the answers recorded after it (they wait for it), even
     * an annotator's first answer in a job, which the sanction's query of their open jobs could not find
     * while it was uncommitted. Annotators are locked before jobs on both paths.
     */
    private static Uni<Void> lockWorker(String workerId, boolean exclusive) {
        return advisoryLock("worker:" + workerId, exclusive);
    }

    /** An answer of a submission not recorded before. */
    private record Submitted(AssignmentSubmitted submission, AssignmentSubmitted.Answer answer) {
    }

    private Uni<Void> submitted(QaJob job, List<AssignmentSubmitted> submissions) {
        List<UUID> assignments = submissions.stream().map(AssignmentSubmitted::assignmentId).distinct().toList();
        return Judgment.<Judgment>list("assignmentId in ?1", assignments).chain(existing -> {
            // A redelivery (even under a new event id, even in the same poll) reviews nothing twice:
            // one judgment per (assignment, item).
            Set<List<UUID>> seen = new HashSet<>();
            existing.forEach(j -> seen.add(List.of(j.assignmentId, j.itemId)));
            List<Submitted> fresh = new ArrayList<>();
            for (AssignmentSubmitted submission : submissions) {
                for (AssignmentSubmitted.Answer answer : submission.answers()) {
                    if (answer.itemId() != null && seen.add(List.of(submission.assignmentId(), answer.itemId()))) {
                        fresh.add(new Submitted(submission, answer));
                    }
                }
            }
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> items = fresh.stream().map(f -> f.answer().itemId()).distinct().toList();
            List<String> workers = fresh.stream().map(f -> f.submission().workerId()).distinct().sorted().toList();
            return GoldLabel.<GoldLabel>list("jobId = ?1 and itemId in ?2", job.id, items)
                    .chain(golds -> WorkerStanding.<WorkerStanding>list("workerId in ?1", workers)
                            .chain(standings -> record(job, fresh, golds, standings)));
        });
    }

    private Uni<Void> record(QaJob job, List<Submitted> answers, List<GoldLabel> golds, List<WorkerStanding> standings) {
        Changes changes = new Changes(job, json.strings(job.labels));
        Map<UUID, String> goldOf = new HashMap<>();
        golds.forEach(g -> goldOf.put(g.itemId, g.label));
        Set<String> sanctioned = new HashSet<>();
        standings.stream().filter(s -> sanctionedFor(s, job.id)).forEach(s -> sanctioned.add(s.workerId));
        List<Judgment> judgments = new ArrayList<>();
        List<UUID> consensusItems = new ArrayList<>();
        OffsetDateTime now = now();
        for (Submitted submitted : answers) {
            AssignmentSubmitted.Answer answer = submitted.answer();
            Judgment j = new Judgment();
            j.id = UUID.randomUUID();
            j.jobId = job.id;
            j.itemId = answer.itemId();
            j.assignmentId = submitted.submission().assignmentId();
            j.workerId = submitted.submission().workerId();
            j.label = answer.label() == null ? "" : answer.label();
            j.timeSpentMillis = Math.max(0, answer.timeSpentMillis());
            String gold = goldOf.get(answer.itemId());
            j.gold = gold != null;
            changes.touch(j.workerId);
            if (!changes.labels.contains(j.label)) {
                review(changes, j, false, "label not in the job's label set: " + j.label, now);
            } else if (gold != null) {
                // Gold is checked at once.
                boolean correct = gold.equals(j.label);
                changes.stats(j.workerId)[1]++;
                if (correct) {
                    changes.stats(j.workerId)[0]++;
                }
                review(changes, j, correct, correct ? null : "gold: expected " + gold + ", answered " + j.label, now);
            } else {
                j.excluded = sanctioned.contains(j.workerId);
                consensusItems.add(j.itemId);
            }
            judgments.add(j);
        }
        job.dirty = true;
        return Panache.getSession()
                .chain(s -> s.persistAll(judgments.toArray()).chain(s::flush))
                // gold first: these submissions' gold answers already inform their own consensus
                .chain(() -> updateRecords(changes))
                .chain(() -> evaluate(changes, consensusItems, true))
                .chain(() -> finish(changes));
    }

    // ---------------------------------------------------------------- crowd.workers

    /**
     * Keeps the annotator's standing; when it changes to a sanctioned one (suspended or banned, or
     * suspended from a job), their unreviewed answers on unresolved items stop counting and those items
     * are re-aggregated, which may resolve them or ask for replacement judgments.
     *
     * <p>worker-service announces an annotator's full state whenever their trust changes, i.e. with
     * almost every answer. Only a change of standing can exclude answers: when the stored standing is
     * the event's, nothing is written or queried (answers given while sanctioned were excluded when they
     * were recorded). No stored standing is the default one (active, no suspended jobs), so an active
     * annotator costs no row and no query either.
     */
    public Uni<Void> workerChanged(WorkerProfileChanged event) {
        String status = event.status() == null ? WorkerStatus.ACTIVE.name() : event.status().name();
        Set<UUID> suspended = event.suspendedJobIds() == null ? Set.of() : new TreeSet<>(event.suspendedJobIds());
        return WorkerStanding.<WorkerStanding>findById(event.workerId()).chain(found -> {
            String storedStatus = found == null ? WorkerStatus.ACTIVE.name() : found.status;
            Set<UUID> storedSuspended = found == null ? Set.of() : new HashSet<>(json.uuids(found.suspendedJobIds));
            if (storedStatus.equals(status) && storedSuspended.equals(suspended)) {
                return Uni.createFrom().voidItem(); // a trust-only change
            }
            WorkerStanding standing = found == null ? new WorkerStanding() : found;
            standing.workerId = event.workerId();
            standing.status = status;
            standing.suspendedJobIds = json.write(suspended);
            Uni<?> saved = found == null ? standing.persist() : Uni.createFrom().voidItem();
            if (WorkerStatus.ACTIVE.name().equals(status) && suspended.isEmpty()) {
                return saved.replaceWithVoid(); // reinstated: excluded answers stay excluded
            }
            String open = "workerId = ?1 and excluded = false and gold = false and verdict is null";
            // The annotator locked (see lockWorker), then their open jobs, then each job locked before its
            // judgments are read and changed (sorted: no deadlock).
            return saved.chain(() -> lockWorker(event.workerId(), true)).chain(() -> Panache.getSession()).chain(s -> s.createSelectionQuery(
                            "select distinct j.jobId from Judgment j where j.workerId = :worker and j.excluded = false"
                                    + " and j.gold = false and j.verdict is null", UUID.class)
                    .setParameter("worker", event.workerId()).getResultList())
                    .chain(jobIds -> {
                        List<UUID> sanctioned = jobIds.stream().filter(id -> sanctionedFor(standing, id)).sorted().toList();
                        if (sanctioned.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        LOG.infof("annotator %s sanctioned (%s): re-aggregating their open items in %d jobs",
                                event.workerId(), standing.status, sanctioned.size());
                        return sequentially(sanctioned, jobId -> lockJob(jobId).chain(job ->
                                Judgment.<Judgment>list("jobId = ?2 and " + open, event.workerId(), jobId)
                                        .chain(judgments -> {
                                            judgments.forEach(j -> j.excluded = true);
                                            job.dirty = true;
                                            Changes changes = new Changes(job, json.strings(job.labels));
                                            changes.touch(event.workerId());
                                            return evaluate(changes, judgments.stream().map(j -> j.itemId).toList(), false)
                                                    .chain(() -> finish(changes));
                                        })));
                    });
        });
    }

    // ---------------------------------------------------------------- full re-estimation

    /** Jobs with judgments newer than their last full estimation. */
    public Uni<List<UUID>> dirtyJobs() {
        return Panache.withSession(() -> QaJob.<QaJob>list("dirty = true and status = ?1", QaJob.Status.ACTIVE)
                .map(jobs -> jobs.stream().map(j -> j.id).sorted().toList()));
    }

    /**
     * Dawid-Skene over all the job's counting judgments with gold clamped; stores every annotator's
     * confusion matrix and the class priors, then re-evaluates the open items with them.
     *
     * @return false when the job is unknown
     */
    public Uni<Boolean> reestimate(UUID jobId) {
        return Panache.withTransaction(() -> QaJob.<QaJob>findById(jobId, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            if (job == null) {
                return Uni.createFrom().item(false);
            }
            return Judgment.<Judgment>list("jobId = ?1 and excluded = false", jobId)
                    .chain(judgments -> GoldLabel.<GoldLabel>list("jobId", jobId)
                            .chain(golds -> WorkerQualityRecord.<WorkerQualityRecord>list("jobId", jobId)
                                    .chain(records -> estimate(job, judgments, golds, records))))
                    .replaceWith(true);
        }));
    }

    private Uni<Void> estimate(QaJob job, List<Judgment> judgments, List<GoldLabel> golds,
                               List<WorkerQualityRecord> records) {
        List<String> labels = json.strings(job.labels);
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        for (Judgment j : judgments) {
            if (labels.contains(j.label)) {
                builder.answer(j.itemId.toString(), j.workerId, j.label);
            }
        }
        golds.forEach(g -> builder.gold(g.itemId.toString(), g.label));
        AnswerSet data = builder.build();
        ConsensusResult result = new DawidSkene(config.smoothing(), 1.0, 100, 1e-6).aggregate(data);
        Map<String, WorkerQualityRecord> byWorker = new HashMap<>();
        records.forEach(r -> byWorker.put(r.workerId, r));
        List<WorkerQualityRecord> created = new ArrayList<>();
        for (int w = 0; w < data.workerCount(); w++) {
            WorkerQualityRecord record = byWorker.get(data.workerId(w));
            if (record == null) {
                record = newRecord(job.id, data.workerId(w));
                created.add(record);
            }
            record.accuracy = result.worker(w).accuracy();
            // Trusted online only as far as the answers behind it go (see Shrinkage).
            record.confusion = json.write(Shrinkage.confusion(result.worker(w).confusion(), record.accuracy,
                    result.worker(w).answers(), result.classPriors(), config.confusionPriorStrength()));
            record.updatedAt = now();
        }
        job.priors = json.write(Shrinkage.priors(result.classPriors(), data.itemCount(), config.confusionPriorStrength()));
        job.dirty = false;
        job.estimatedAt = now();
        LOG.debugf("job %s re-estimated: %d answers, %d iterations", job.id, data.answerCount(), result.iterations());
        Changes changes = new Changes(job, labels);
        changes.knowAll(byWorker.values());
        changes.knowAll(created);
        changes.allRecordsKnown = true; // every record of the job was read above
        for (int w = 0; w < data.workerCount(); w++) {
            changes.touch(data.workerId(w)); // every annotator's new estimate is announced (WorkerScored)
        }
        return Panache.getSession().chain(s -> s.persistAll(created.toArray()).chain(s::flush))
                .chain(() -> ItemState.<ItemState>list("jobId = ?1 and status = ?2", job.id, ItemState.Status.OPEN))
                .chain(open -> evaluate(changes, open.stream().map(s -> s.itemId).toList(), false))
                .chain(() -> finish(changes));
    }

    // ---------------------------------------------------------------- consensus per item

    /**
     * Recomputes the posterior of each item with the job's current annotator estimates and applies the
     * overlap policy. Items already resolved only get their late answers reviewed.
     */
    private Uni<Void> evaluate(Changes changes, List<UUID> itemIds, boolean createMissing) {
        if (itemIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>(new TreeSet<>(itemIds));
        QaJob job = changes.job;
        return ItemState.<ItemState>list("itemId in ?1", ids)
                .chain(states -> Judgment.<Judgment>list("itemId in ?1 order by createdAt, id", ids)
                        .chain(judgments -> {
                            Set<String> workers = new TreeSet<>();
                            judgments.forEach(j -> workers.add(j.workerId));
                            return records(changes, workers).chain(recordOf -> {
                                Map<UUID, ItemState> stateOf = new HashMap<>();
                                states.forEach(s -> stateOf.put(s.itemId, s));
                                Map<UUID, List<Judgment>> judgmentsOf = new HashMap<>();
                                judgments.forEach(j -> judgmentsOf.computeIfAbsent(j.itemId, k -> new ArrayList<>()).add(j));
                                List<ItemState> created = new ArrayList<>();
                                for (UUID id : ids) {
                                    ItemState state = stateOf.get(id);
                                    if (state == null) {
                                        if (!createMissing) {
                                            continue;
                                        }
                                        state = new ItemState();
                                        state.itemId = id;
                                        state.jobId = job.id;
                                        state.status = ItemState.Status.OPEN;
                                        state.slots = job.minJudgments;
                                        created.add(state);
                                    }
                                    apply(changes, state, judgmentsOf.getOrDefault(id, List.of()), recordOf);
                                }
                                return Panache.getSession().chain(s -> s.persistAll(created.toArray()));
                            });
                        }));
    }

    private void apply(Changes changes, ItemState state, List<Judgment> judgments, Map<String, WorkerQualityRecord> recordOf) {
        QaJob job = changes.job;
        OffsetDateTime now = now();
        if (state.status == ItemState.Status.RESOLVED) {
            for (Judgment j : judgments) {
                if (j.verdict == null) {
                    reviewAgainstConsensus(changes, j, state, judgments, now);
                }
            }
            return;
        }
        List<String> labels = changes.labels;
        int k = labels.size();
        List<Judgment> counting = judgments.stream()
                .filter(j -> !j.excluded && j.verdict == null && labels.contains(j.label)).toList();
        int[] answers = new int[counting.size()];
        double[][][] confusions = new double[counting.size()][][];
        for (int a = 0; a < answers.length; a++) {
            Judgment j = counting.get(a);
            answers[a] = labels.indexOf(j.label);
            confusions[a] = confusionOf(recordOf.get(j.workerId), k);
        }
        double[] priors = json.vector(job.priors);
        if (priors == null || priors.length != k) {
            priors = new double[k];
            java.util.Arrays.fill(priors, 1.0 / k);
        }
        double[] posterior = OnlinePosterior.posterior(priors, answers, confusions);
        int best = OnlinePosterior.argmax(posterior);
        String label = labels.get(best);
        state.judgments = counting.size();
        state.posterior = json.write(posterior);
        state.label = label;
        state.confidence = posterior[best];
        state.agreement = counting.isEmpty() ? 0.0
                : (double) counting.stream().filter(j -> j.label.equals(label)).count() / counting.size();
        state.method = METHOD;
        state.methodVersion = METHOD_VERSION;
        ItemPolicy.Action action = ItemPolicy.decide(job.minJudgments, job.maxJudgments, job.targetConfidence,
                counting.size(), judgments.size(), state.slots, posterior[best], job.status == QaJob.Status.ACTIVE);
        switch (action) {
            case RESOLVE -> {
                state.status = ItemState.Status.RESOLVED;
                state.lowConfidence = posterior[best] < job.targetConfidence;
                state.resolvedAt = now;
                changes.events.add(new ItemResolved(UUID.randomUUID(), Instant.now(), job.id, state.itemId, label,
                        posterior[best], state.agreement, state.judgments, METHOD, METHOD_VERSION, state.lowConfidence));
                for (Judgment j : judgments) {
                    if (j.verdict == null) {
                        reviewAgainstConsensus(changes, j, state, judgments, now);
                    }
                }
            }
            case REQUEST_ONE_MORE -> {
                state.slots++;
                changes.requested.add(state.itemId);
            }
            case WAIT -> {
            }
        }
    }

    /**
     * The verdict on an answer to a resolved item. Agreement is evidence only where another annotator
     * answered the item too: a lone answer has no consensus to disagree with (the resolved label is then
     * the model's guess from the priors and this annotator's record), so it is accepted and left out of
     * the agreement statistics. An answer is rejected only when it differs from the resolved label and
     * another annotator gave that label. Without this rule, jobs with one judgment per item rejected a
     * third of the answers of reliable annotators, and each rejection lowered the annotator's accuracy and
     * made the next one likelier.
     */
    private void reviewAgainstConsensus(Changes changes, Judgment j, ItemState state, List<Judgment> itemJudgments,
                                        OffsetDateTime now) {
        changes.touch(j.workerId);
        if (j.excluded) {
            review(changes, j, false, "excluded: annotator sanctioned before the item was resolved", now);
            return;
        }
        List<Judgment> peers = itemJudgments.stream()
                .filter(o -> o != j && !o.excluded && !o.workerId.equals(j.workerId)).toList();
        boolean agrees = j.label.equals(state.label);
        if (peers.isEmpty()) {
            review(changes, j, true, null, now);
            return;
        }
        long[] stats = changes.stats(j.workerId);
        stats[3]++;
        if (agrees) {
            stats[2]++;
        }
        boolean consensusBackedByPeer = peers.stream().anyMatch(o -> state.label.equals(o.label));
        boolean accepted = agrees || !consensusBackedByPeer;
        review(changes, j, accepted, accepted ? null : String.format(Locale.ROOT,
                "consensus: %s (confidence %.2f), answered %s", state.label, state.confidence, j.label), now);
    }

    private static void review(Changes changes, Judgment j, boolean accepted, String reason, OffsetDateTime now) {
        j.verdict = accepted ? Judgment.Verdict.ACCEPTED : Judgment.Verdict.REJECTED;
        j.reason = reason;
        j.reviewedAt = now;
        changes.verdicts.add(new AnswersReviewed.Verdict(j.assignmentId, j.itemId, j.workerId, accepted, reason));
    }

    /** The annotator's confusion matrix: the last full estimation's, else one-coin from gold and the prior. */
    private double[][] confusionOf(WorkerQualityRecord record, int k) {
        if (record != null && record.confusion != null) {
            double[][] cm = json.matrix(record.confusion);
            if (cm != null && cm.length == k) {
                return cm;
            }
        }
        double accuracy = record == null ? config.defaultAccuracy() : record.accuracy;
        return OnlinePosterior.oneCoin(k, accuracy);
    }

    // ---------------------------------------------------------------- publishing

    /** Updates the touched annotators' records, then publishes everything the change produced. */
    private Uni<Void> finish(Changes changes) {
        QaJob job = changes.job;
        if (changes.touched.isEmpty() && changes.events.isEmpty() && changes.requested.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return updateRecords(changes).chain(() -> {
            List<CrowdEvent> events = new ArrayList<>(changes.events);
            if (!changes.verdicts.isEmpty()) {
                events.add(new AnswersReviewed(UUID.randomUUID(), Instant.now(), job.id, false,
                        List.copyOf(changes.verdicts)));
            }
            if (!changes.requested.isEmpty()) {
                events.add(new JudgmentsRequested(UUID.randomUUID(), Instant.now(), job.id,
                        List.copyOf(new LinkedHashSet<>(changes.requested))));
            }
            return outbox.publishAll(events).chain(() -> scored(job, changes.touched, changes.records, changes.labels));
        });
    }

    /**
     * Adds the counted reviews to the touched annotators' records (created on first sight) and clears
     * them from {@code changes}; before the first full estimation an annotator's accuracy is their gold
     * accuracy shrunk towards the prior. Runs once or twice per change (before evaluating the items, so
     * gold answers inform consensus, and after, for the reviews it made): records are read once per
     * change and the second run only adds the new counts, written with the transaction.
     */
    private Uni<Void> updateRecords(Changes changes) {
        QaJob job = changes.job;
        List<String> workers = new ArrayList<>(changes.touched);
        if (workers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return records(changes, workers).chain(recordOf -> {
            List<WorkerQualityRecord> created = new ArrayList<>();
            for (String worker : workers) {
                long[] delta = changes.stats.get(worker);
                WorkerQualityRecord record = recordOf.get(worker);
                if (record == null) {
                    record = newRecord(job.id, worker);
                    recordOf.put(worker, record);
                    created.add(record);
                } else if (delta == null && changes.updated.contains(worker)) {
                    continue; // nothing new since this change last updated it
                }
                if (delta != null) {
                    record.goldCorrect += delta[0];
                    record.goldTotal += delta[1];
                    record.agreed += delta[2];
                    record.reviewed += delta[3];
                }
                if (record.confusion == null) {
                    record.accuracy = (record.goldCorrect + config.defaultAccuracy() * config.priorStrength())
                            / (record.goldTotal + config.priorStrength());
                }
                record.updatedAt = now();
                changes.updated.add(worker);
            }
            changes.stats.clear();
            return created.isEmpty() ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(s -> s.persistAll(created.toArray()));
        });
    }

    /**
     * The job's records of these annotators that exist (and any this change created), by annotator:
     * read from the database only for annotators this change has not looked up yet.
     */
    private Uni<Map<String, WorkerQualityRecord>> records(Changes changes, java.util.Collection<String> workers) {
        if (changes.allRecordsKnown) {
            return Uni.createFrom().item(changes.records);
        }
        List<String> unknown = workers.stream().filter(w -> !changes.lookedUp.contains(w)).distinct().sorted().toList();
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(changes.records);
        }
        return WorkerQualityRecord.<WorkerQualityRecord>list("jobId = ?1 and workerId in ?2", changes.job.id, unknown)
                .map(found -> {
                    found.forEach(r -> changes.records.put(r.workerId, r));
                    changes.lookedUp.addAll(unknown);
                    return changes.records;
                });
    }

    /** Announces the annotators' records (WorkerScored), with each one's median time per item in the job. */
    private Uni<Void> scored(QaJob job, Set<String> workers, Map<String, WorkerQualityRecord> recordOf,
                             List<String> labels) {
        if (workers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                                select worker_id, percentile_disc(0.5) within group (order by time_spent_millis)
                                from judgment where job_id = ?1 and worker_id in (?2) group by worker_id""", Object[].class)
                        .setParameter(1, job.id).setParameter(2, List.copyOf(workers)).getResultList())
                .chain(rows -> {
                    Map<String, Long> medianOf = new HashMap<>();
                    rows.forEach(r -> medianOf.put((String) r[0], r[1] == null ? 0 : ((Number) r[1]).longValue()));
                    List<WorkerScored> scores = new ArrayList<>();
                    for (String worker : workers) {
                        WorkerQualityRecord record = recordOf.get(worker);
                        List<List<Double>> confusion = new ArrayList<>();
                        double[][] cm = json.matrix(record.confusion);
                        if (cm != null) {
                            for (double[] row : cm) {
                                confusion.add(java.util.Arrays.stream(row).boxed().toList());
                            }
                        }
                        scores.add(new WorkerScored(UUID.randomUUID(), Instant.now(), job.id, record.workerId,
                                record.goldCorrect, record.goldTotal, record.agreed, record.reviewed, record.accuracy,
                                labels, confusion, medianOf.getOrDefault(worker, 0L)));
                    }
                    return outbox.publishAll(scores);
                });
    }

    // ---------------------------------------------------------------- helpers

    /** The job's row, locked for this transaction; fails (retry, then dead letter) when it is unknown. */
    Uni<QaJob> lockJob(UUID jobId) {
        return QaJob.<QaJob>findById(jobId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new IllegalStateException("unknown job " + jobId));
    }

    private WorkerQualityRecord newRecord(UUID jobId, String workerId) {
        WorkerQualityRecord record = new WorkerQualityRecord();
        record.id = UUID.randomUUID();
        record.jobId = jobId;
        record.workerId = workerId;
        record.accuracy = config.defaultAccuracy();
        record.updatedAt = now();
        return record;
    }

    /** Sanctioned for this job: suspended or banned, or suspended from this job. */
    private boolean sanctionedFor(WorkerStanding standing, UUID jobId) {
        if (standing == null) {
            return false;
        }
        return !WorkerStatus.ACTIVE.name().equals(standing.status) || json.uuids(standing.suspendedJobIds).contains(jobId);
    }

    static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** What one change of a job produced, published at the end in one go. */
    private static final class Changes {
        final QaJob job;
        final List<String> labels;
        final List<CrowdEvent> events = new ArrayList<>();
        final List<AnswersReviewed.Verdict> verdicts = new ArrayList<>();
        final List<UUID> requested = new ArrayList<>();
        final Set<String> touched = new TreeSet<>(Comparator.naturalOrder());
        /** Per annotator: gold correct, gold total, agreed, reviewed. */
        final Map<String, long[]> stats = new LinkedHashMap<>();
        /** The job's records of the annotators looked up so far (found or created), by annotator. */
        final Map<String, WorkerQualityRecord> records = new HashMap<>();
        /** Annotators whose record was looked up, whether or not they had one. */
        final Set<String> lookedUp = new HashSet<>();
        /** Every record of the job is in {@link #records}: an annotator not there has none. */
        boolean allRecordsKnown;
        /** Annotators whose record this change has updated. */
        final Set<String> updated = new HashSet<>();

        Changes(QaJob job, List<String> labels) {
            this.job = job;
            this.labels = labels;
        }

        void touch(String worker) {
            touched.add(worker);
        }

        long[] stats(String worker) {
            return stats.computeIfAbsent(worker, w -> new long[4]);
        }

        void knowAll(java.util.Collection<WorkerQualityRecord> known) {
            known.forEach(r -> {
                records.put(r.workerId, r);
                lookedUp.add(r.workerId);
            });
        }
    }
}

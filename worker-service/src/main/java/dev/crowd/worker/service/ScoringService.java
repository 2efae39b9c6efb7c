package dev.crowd.worker.service;

import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.worker.JobScore;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.TrustRecord;
import dev.crowd.worker.Worker;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Applies WorkerScored events (inside the consumer's transaction): keeps each job's latest snapshot and
 * the daily volume, recomputes trust over all jobs (history kept), runs the quality rules, and announces
 * the new full state when anything task-service cares about changed.
 *
 * <p>Scores received together ({@link #applyAll}, a poll's worth) are applied per annotator: of each job
 * only the latest snapshot counts (they are running totals, so it contains the earlier ones), then trust,
 * its history point, the rules and the announcement happen once, on the state after all of them.
 */
@ApplicationScoped
public class ScoringService {

    private static final String DAILY_VOLUME = """
            insert into daily_volume (worker_id, day, items) values (?1, ?2, ?3)
            on conflict (worker_id, day) do update set items = daily_volume.items + excluded.items""";
    private static final String TOTALS = """
            select coalesce(sum(s.goldCorrect), 0), coalesce(sum(s.goldTotal), 0),
                   coalesce(sum(s.agreed), 0), coalesce(sum(s.reviewed), 0)
            from JobScore s where s.workerId = ?1""";
    private static final String ITEMS_TODAY = """
            select coalesce(sum(items), 0) from daily_volume where worker_id = ?1 and day = ?2""";

    /** goldCorrect, goldTotal, agreed, reviewed summed over the annotator's jobs. */
    private record Totals(long goldCorrect, long goldTotal, long agreed, long reviewed) {
    }

    /** What makes two verdicts equal (and two sanctions the same, see SanctionService.imposeNew). */
    private record Same(String rule, Sanction.Scope scope, UUID jobId) {
    }

    private final WorkerService workers;
    private final TrustFormula formula;
    private final RuleSetService ruleSets;
    private final SanctionService sanctions;

    public ScoringService(WorkerService workers, TrustFormula formula, RuleSetService ruleSets,
                          SanctionService sanctions) {
        this.workers = workers;
        this.formula = formula;
        this.ruleSets = ruleSets;
        this.sanctions = sanctions;
    }

    /** One score on its own (in the caller's transaction). */
    public Uni<Void> apply(WorkerScored scored) {
        return applyAll(List.of(scored));
    }

    /**
     * Scores received together (in the caller's transaction): the latest snapshot per annotator and job,
     * then each annotator once, in the order of their ids.
     */
    public Uni<Void> applyAll(List<WorkerScored> scores) {
        if (scores.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        SortedMap<String, List<WorkerScored>> latest = latestPerAnnotator(scores);
        Uni<Void> applied = preload(latest);
        for (Map.Entry<String, List<WorkerScored>> annotator : latest.entrySet()) {
            applied = applied.chain(() -> applyFor(annotator.getKey(), annotator.getValue(), now));
        }
        return applied;
    }

    /**
     * Per annotator (sorted by id), the latest score of each of their jobs, oldest first: the last is the
     * annotator's latest of all. "Latest" is by occurredAt, then by the order received. A job's scores are
     * received in the order qa-service published them (one partition per job), but a replayed dead letter
     * or a redelivery can bring an older snapshot after a newer one, and its occurredAt still tells; equal
     * instants (one clock tick) leave the order received, which is then the order published.
     */
    static SortedMap<String, List<WorkerScored>> latestPerAnnotator(List<WorkerScored> scores) {
        record Received(WorkerScored score, int position) {
        }
        Comparator<Received> byTime = Comparator.<Received, Instant>comparing(r -> r.score().occurredAt())
                .thenComparingInt(Received::position);
        Map<JobScore.Key, Received> latest = new HashMap<>();
        for (int i = 0; i < scores.size(); i++) {
            Received received = new Received(scores.get(i), i);
            latest.merge(new JobScore.Key(received.score().workerId(), received.score().jobId()), received,
                    (kept, candidate) -> byTime.compare(candidate, kept) > 0 ? candidate : kept);
        }
        SortedMap<String, List<WorkerScored>> perAnnotator = new TreeMap<>();
        latest.values().stream().sorted(byTime).forEach(r ->
                perAnnotator.computeIfAbsent(r.score().workerId(), id -> new ArrayList<>()).add(r.score()));
        return perAnnotator;
    }

    /**
     * Loads the annotators and their job scores with two queries, not two per annotator and job: they stay
     * in the session, where findById then finds them.
     */
    private static Uni<Void> preload(SortedMap<String, List<WorkerScored>> latest) {
        if (latest.size() == 1 && latest.get(latest.firstKey()).size() == 1) {
            return Uni.createFrom().voidItem();
        }
        List<String> workerIds = List.copyOf(latest.keySet());
        List<UUID> jobIds = latest.values().stream().flatMap(List::stream).map(WorkerScored::jobId).distinct().toList();
        return Worker.list("id in ?1", workerIds)
                .chain(() -> JobScore.list("workerId in ?1 and jobId in ?2", workerIds, jobIds))
                .replaceWithVoid();
    }

    /** One annotator's latest score per job (oldest first): snapshots, then trust, rules and the news once. */
    private Uni<Void> applyFor(String workerId, List<WorkerScored> latest, OffsetDateTime now) {
        return workers.findOrRegister(workerId).chain(worker -> {
            Uni<Void> stored = Uni.createFrom().voidItem();
            for (WorkerScored scored : latest) {
                stored = stored.chain(() -> storeSnapshot(scored, now));
            }
            return stored
                    .chain(() -> Panache.getSession().chain(Mutiny.Session::flush))
                    .chain(() -> totals(workerId))
                    .chain(totals -> updateTrust(worker, totals, latest.getLast().jobId(), now)
                            .chain(trustChanged -> applyRules(worker, latest, totals, now)
                                    .chain(imposed -> imposed.isEmpty() && !trustChanged
                                            ? Uni.createFrom().voidItem()
                                            : sanctions.restate(worker, reasonOf(imposed)))));
        });
    }

    private Uni<Void> storeSnapshot(WorkerScored scored, OffsetDateTime now) {
        return JobScore.<JobScore>findById(new JobScore.Key(scored.workerId(), scored.jobId())).chain(existing -> {
            JobScore score = existing != null ? existing : new JobScore();
            long before = existing == null ? 0 : existing.goldTotal + existing.reviewed;
            score.workerId = scored.workerId();
            score.jobId = scored.jobId();
            score.goldCorrect = scored.goldCorrect();
            score.goldTotal = scored.goldTotal();
            score.agreed = scored.agreed();
            score.reviewed = scored.reviewed();
            score.medianMillisPerItem = scored.medianMillisPerItem();
            score.updatedAt = now;
            // qa-service sends running totals per job: the growth since the stored snapshot is new work
            // (of the latest snapshot's day when several snapshots of one poll are skipped over)
            long added = Math.max(0, scored.goldTotal() + scored.reviewed() - before);
            LocalDate day = scored.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
            Uni<Void> persist = existing != null ? Uni.createFrom().voidItem() : score.persist().replaceWithVoid();
            return persist.chain(() -> added == 0 ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(s -> s.createNativeQuery(DAILY_VOLUME)
                    .setParameter(1, scored.workerId()).setParameter(2, day).setParameter(3, added)
                    .executeUpdate()).replaceWithVoid());
        });
    }

    /**
     * Trust from the totals over every job, recorded in the history (the point names {@code jobId}, that
     * of the annotator's latest score); true when the value changed.
     */
    private Uni<Boolean> updateTrust(Worker worker, Totals totals, UUID jobId, OffsetDateTime now) {
        TrustFormula.Inputs inputs = new TrustFormula.Inputs(totals.goldCorrect(), totals.goldTotal(),
                totals.agreed(), totals.reviewed());
        TrustFormula.Result result = formula.apply(inputs);
        TrustRecord record = new TrustRecord();
        record.workerId = worker.id;
        record.trust = result.trust();
        record.goldAccuracy = result.goldAccuracy();
        record.agreement = result.agreement();
        record.volume = inputs.volume();
        record.jobId = jobId;
        record.recordedAt = now;
        boolean changed = worker.trust != result.trust();
        worker.trust = result.trust();
        worker.updatedAt = now;
        return record.persist().replaceWith(changed);
    }

    /**
     * The rules on the latest state: each scored job's own, and the platform's once (the same verdicts
     * come out of every job's evaluation, so equal ones are kept once).
     */
    private Uni<List<Sanction>> applyRules(Worker worker, List<WorkerScored> latest, Totals totals,
                                           OffsetDateTime now) {
        return ruleSets.platform().chain(platformRules -> itemsToday(worker.id, now).chain(today -> {
            RulesEngine.PlatformStats platform = new RulesEngine.PlatformStats(totals.goldCorrect(),
                    totals.goldTotal(), today, worker.createdAt.toInstant());
            Map<Same, RulesEngine.Verdict> verdicts = new LinkedHashMap<>();
            Uni<Void> evaluated = Uni.createFrom().voidItem();
            for (WorkerScored scored : latest) {
                evaluated = evaluated.chain(() -> ruleSets.forJob(scored.jobId()).invoke(jobRules -> {
                    RulesEngine.JobStats job = new RulesEngine.JobStats(scored.jobId(), scored.goldCorrect(),
                            scored.goldTotal(), scored.goldTotal() + scored.reviewed(), scored.medianMillisPerItem());
                    for (RulesEngine.Verdict v : RulesEngine.evaluate(jobRules.rules(), platformRules.rules(), job,
                            platform, now.toInstant())) {
                        verdicts.putIfAbsent(new Same(v.rule(), v.scope(), v.jobId()), v);
                    }
                }).replaceWithVoid());
            }
            return evaluated.chain(() -> sanctions.imposeNew(worker.id, List.copyOf(verdicts.values())));
        }));
    }

    private static Uni<Totals> totals(String workerId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(TOTALS, Object[].class)
                        .setParameter(1, workerId).getSingleResult())
                .map(row -> new Totals(number(row[0]), number(row[1]), number(row[2]), number(row[3])));
    }

    private static Uni<Long> itemsToday(String workerId, OffsetDateTime now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ITEMS_TODAY, Object.class)
                        .setParameter(1, workerId).setParameter(2, now.toLocalDate()).getSingleResult())
                .map(ScoringService::number);
    }

    private static String reasonOf(List<Sanction> imposed) {
        List<String> reasons = new ArrayList<>();
        imposed.forEach(s -> reasons.add(s.reason));
        return reasons.isEmpty() ? "Trust updated" : String.join("; ", reasons);
    }

    private static long number(Object value) {
        return ((Number) Objects.requireNonNull(value)).longValue();
    }
}

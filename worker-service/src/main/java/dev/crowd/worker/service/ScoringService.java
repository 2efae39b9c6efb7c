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
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Applies a WorkerScored (inside the consumer's transaction): keeps the job's latest snapshot and the
 * daily volume, recomputes trust over all jobs (history kept), runs the quality rules, and announces
 * the new full state when anything task-service cares about changed.
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

    private final WorkerService workers;
    private final TrustFormula formula;
    private final RuleSetService ruleSets;
    private final SanctionService sanctions;
    private final ProfileEvents events;

    public ScoringService(WorkerService workers, TrustFormula formula, RuleSetService ruleSets,
                          SanctionService sanctions, ProfileEvents events) {
        this.workers = workers;
        this.formula = formula;
        this.ruleSets = ruleSets;
        this.sanctions = sanctions;
        this.events = events;
    }

    public Uni<Void> apply(WorkerScored scored) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return workers.findOrRegister(scored.workerId())
                .chain(worker -> storeSnapshot(scored, now)
                        .chain(() -> Panache.getSession().chain(Mutiny.Session::flush))
                        .chain(() -> updateTrust(worker, scored.jobId(), now))
                        .chain(trustChanged -> applyRules(worker, scored, now)
                                .chain(imposed -> imposed.isEmpty() && !trustChanged
                                        ? Uni.createFrom().voidItem()
                                        : sanctions.restate(worker, reasonOf(imposed)))));
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
            score.accuracy = scored.accuracy();
            score.medianMillisPerItem = scored.medianMillisPerItem();
            score.updatedAt = now;
            // qa-service sends running totals per job: the growth since the last snapshot is today's new work
            long added = Math.max(0, scored.goldTotal() + scored.reviewed() - before);
            LocalDate day = scored.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
            Uni<Void> persist = existing != null ? Uni.createFrom().voidItem() : score.persist().replaceWithVoid();
            return persist.chain(() -> added == 0 ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(s -> s.createNativeQuery(DAILY_VOLUME)
                    .setParameter(1, scored.workerId()).setParameter(2, day).setParameter(3, added)
                    .executeUpdate()).replaceWithVoid());
        });
    }

    /** Recomputes trust over every job, records it in the history; true when the value changed. */
    private Uni<Boolean> updateTrust(Worker worker, UUID jobId, OffsetDateTime now) {
        return totals(worker.id).chain(row -> {
            TrustFormula.Inputs inputs = new TrustFormula.Inputs(number(row[0]), number(row[1]), number(row[2]),
                    number(row[3]));
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
        });
    }

    private Uni<List<Sanction>> applyRules(Worker worker, WorkerScored scored, OffsetDateTime now) {
        return ruleSets.forJob(scored.jobId()).chain(jobRules -> ruleSets.platform().chain(platformRules ->
                platformStats(worker, now).chain(platform -> {
                    RulesEngine.JobStats job = new RulesEngine.JobStats(scored.jobId(), scored.goldCorrect(),
                            scored.goldTotal(), scored.goldTotal() + scored.reviewed(), scored.medianMillisPerItem());
                    List<RulesEngine.Verdict> verdicts = RulesEngine.evaluate(jobRules.rules(), platformRules.rules(),
                            job, platform, now.toInstant());
                    return sanctions.imposeNew(worker.id, verdicts);
                })));
    }

    private Uni<RulesEngine.PlatformStats> platformStats(Worker worker, OffsetDateTime now) {
        return totals(worker.id)
                .chain(totals -> Panache.getSession().chain(s -> s.createNativeQuery(
                                        "select coalesce(sum(items), 0) from daily_volume where worker_id = ?1 and day = ?2", Object.class)
                                .setParameter(1, worker.id).setParameter(2, now.toLocalDate()).getSingleResult())
                        .map(today -> new RulesEngine.PlatformStats(number(totals[0]), number(totals[1]), number(today),
                                worker.createdAt.toInstant())));
    }

    /** goldCorrect, goldTotal, agreed, reviewed summed over the worker's jobs. */
    private static Uni<Object[]> totals(String workerId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(TOTALS, Object[].class)
                .setParameter(1, workerId).getSingleResult());
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

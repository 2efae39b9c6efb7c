package dev.crowd.qa.service;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.qa.ItemState;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.core.AnnotatorRecord;
import dev.crowd.qa.core.AnswerRow;
import dev.crowd.qa.core.Change;
import dev.crowd.qa.core.ItemRow;
import dev.crowd.qa.core.JobQualityModel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Saves a {@link Change} into the rows {@link JobStore} loaded, in the caller's transaction, and
 * publishes its events through the outbox: ItemResolved per resolution, one AnswersReviewed, one
 * JudgmentsRequested, then one WorkerScored per annotator whose record changed.
 */
@ApplicationScoped
public class ChangeWriter {

    private final Outbox outbox;
    private final JsonColumns json;

    public ChangeWriter(Outbox outbox, JsonColumns json) {
        this.outbox = outbox;
        this.json = json;
    }

    Uni<Void> save(JobContext ctx, Change change) {
        QaJob job = ctx.job();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object> created = new ArrayList<>();
        for (AnswerRow row : change.inserted()) {
            Judgment j = new Judgment();
            j.id = row.id();
            j.jobId = job.id;
            j.itemId = row.itemId();
            j.assignmentId = row.assignmentId();
            j.workerId = row.workerId();
            j.label = row.label();
            j.timeSpentMillis = row.timeSpentMillis();
            copy(row, j, now);
            created.add(j);
        }
        change.updated().forEach((id, row) -> copy(row, ctx.judgments().get(id), now));
        change.records().forEach((worker, record) -> {
            WorkerQualityRecord r = ctx.records().get(worker);
            if (r == null) {
                r = new WorkerQualityRecord();
                r.id = UUID.randomUUID();
                r.jobId = job.id;
                r.workerId = worker;
                ctx.records().put(worker, r);
                created.add(r);
            }
            r.goldCorrect = record.goldCorrect();
            r.goldTotal = record.goldTotal();
            r.agreed = record.agreed();
            r.reviewed = record.reviewed();
            r.accuracy = record.accuracy();
            r.confusion = record.confusion() == null ? null : json.write(record.confusion());
            r.updatedAt = now;
        });
        change.items().forEach((id, row) -> {
            ItemState s = ctx.items().get(id);
            if (s == null) {
                s = new ItemState();
                s.itemId = id;
                s.jobId = job.id;
                ctx.items().put(id, s);
                created.add(s);
            }
            copy(row, s, now);
        });
        if (change.newJudgments()) {
            job.dirty = true;
        }
        if (change.estimatedPriors() != null) {
            job.priors = json.write(change.estimatedPriors());
            job.dirty = false;
            job.estimatedAt = now;
        }
        List<UUID> leaving = List.copyOf(change.openItemsLeavingConsensus());
        Uni<?> deleted = leaving.isEmpty() ? Uni.createFrom().voidItem()
                : ItemState.delete("itemId in ?1 and status = ?2", leaving, ItemState.Status.OPEN);
        return deleted.chain(() -> Panache.getSession())
                .chain(s -> s.persistAll(created.toArray()).chain(s::flush))
                .chain(() -> change.announcesNothing() ? Uni.createFrom().voidItem() : publish(ctx, change));
    }

    private static void copy(AnswerRow row, Judgment j, OffsetDateTime now) {
        j.gold = row.gold();
        j.excluded = row.excluded();
        j.verdictHeld = row.held();
        if (row.review() != null && j.verdict == null) {
            j.verdict = row.review().accepted() ? Judgment.Verdict.ACCEPTED : Judgment.Verdict.REJECTED;
            j.reason = row.review().reason();
            j.reviewedAt = now;
        }
    }

    private void copy(ItemRow row, ItemState s, OffsetDateTime now) {
        if (row.resolved() && s.status != ItemState.Status.RESOLVED) {
            s.resolvedAt = now;
        }
        s.status = row.resolved() ? ItemState.Status.RESOLVED : ItemState.Status.OPEN;
        s.slots = row.slots();
        s.label = row.label();
        s.confidence = row.confidence();
        s.agreement = row.agreement();
        s.judgments = row.judgments();
        s.posterior = json.write(row.posterior());
        s.lowConfidence = row.lowConfidence();
        s.method = JobQualityModel.METHOD;
        s.methodVersion = JobQualityModel.METHOD_VERSION;
    }

    private Uni<Void> publish(JobContext ctx, Change change) {
        UUID jobId = ctx.job().id;
        List<CrowdEvent> events = new ArrayList<>();
        for (Change.Resolution r : change.resolutions()) {
            events.add(new ItemResolved(UUID.randomUUID(), Instant.now(), jobId, r.itemId(), r.label(), r.confidence(),
                    r.agreement(), r.judgments(), JobQualityModel.METHOD, JobQualityModel.METHOD_VERSION,
                    r.lowConfidence()));
        }
        if (!change.verdicts().isEmpty()) {
            events.add(new AnswersReviewed(UUID.randomUUID(), Instant.now(), jobId, false, change.verdicts()));
        }
        if (!change.requested().isEmpty()) {
            events.add(new JudgmentsRequested(UUID.randomUUID(), Instant.now(), jobId, change.requested()));
        }
        return outbox.publishAll(events).chain(() -> scored(ctx, change.scored()));
    }

    /** Announces the annotators' records (WorkerScored), with each one's median time per item in the job. */
    private Uni<Void> scored(JobContext ctx, Set<String> workers) {
        if (workers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID jobId = ctx.job().id;
        List<String> labels = ctx.model().job().labels();
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                                select worker_id, percentile_disc(0.5) within group (order by time_spent_millis)
                                from judgment where job_id = ?1 and worker_id in (?2) group by worker_id""", Object[].class)
                        .setParameter(1, jobId).setParameter(2, List.copyOf(workers)).getResultList())
                .chain(rows -> {
                    Map<String, Long> medianOf = new HashMap<>();
                    rows.forEach(r -> medianOf.put((String) r[0], r[1] == null ? 0 : ((Number) r[1]).longValue()));
                    List<WorkerScored> scores = new ArrayList<>();
                    for (String worker : workers) {
                        AnnotatorRecord record = ctx.model().record(worker);
                        List<List<Double>> confusion = new ArrayList<>();
                        if (record.confusion() != null) {
                            for (double[] row : record.confusion()) {
                                confusion.add(Arrays.stream(row).boxed().toList());
                            }
                        }
                        scores.add(new WorkerScored(UUID.randomUUID(), Instant.now(), jobId, worker,
                                record.goldCorrect(), record.goldTotal(), record.agreed(), record.reviewed(),
                                record.accuracy(), labels, confusion, medianOf.getOrDefault(worker, 0L)));
                    }
                    return outbox.publishAll(scores);
                });
    }
}

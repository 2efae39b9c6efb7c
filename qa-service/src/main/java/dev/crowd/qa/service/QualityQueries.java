package dev.crowd.qa.service;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.qa.GoldLabel;
import dev.crowd.qa.ItemState;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.config.QualityConfig;
import dev.crowd.qa.core.JobQualityModel;
import dev.crowd.qa.service.QualityReports.Bin;
import dev.crowd.qa.service.QualityReports.ItemCounts;
import dev.crowd.qa.service.QualityReports.ItemJudgment;
import dev.crowd.qa.service.QualityReports.ItemQuality;
import dev.crowd.qa.service.QualityReports.JobQuality;
import dev.crowd.qa.service.QualityReports.JobScore;
import dev.crowd.qa.service.QualityReports.JudgmentCounts;
import dev.crowd.qa.service.QualityReports.LabelConfusion;
import dev.crowd.qa.service.QualityReports.Policy;
import dev.crowd.qa.service.QualityReports.Rate;
import dev.crowd.qa.service.QualityReports.WorkerQuality;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The read side: what requesters, annotators and admins see of quality. */
@ApplicationScoped
public class QualityQueries {

    private final JsonColumns json;
    private final QualityConfig config;

    public QualityQueries(JsonColumns json, QualityConfig config) {
        this.json = json;
        this.config = config;
    }

    /** The job, if {@code requesterId} owns it; 404 otherwise (someone else's job is not revealed). */
    public Uni<QaJob> ownedJob(UUID jobId, String requesterId) {
        return QaJob.<QaJob>findById(jobId).map(job -> {
            if (job == null || !job.requesterId.equals(requesterId)) {
                throw ProblemException.notFound("Job " + jobId);
            }
            return job;
        });
    }

    public Uni<JobQuality> jobQuality(UUID jobId, String requesterId) {
        return Panache.withSession(() -> ownedJob(jobId, requesterId).chain(job -> Panache.getSession().chain(s -> {
            List<String> labels = json.strings(job.labels);
            return rows(s, """
                    select status, low_confidence, count(*) from item_state where job_id = ?1 group by 1, 2""", job.id)
                    .chain(itemRows -> rows(s, "select count(*) from gold_label where job_id = ?1", job.id)
                            .chain(goldRows -> rows(s, """
                                    select count(*),
                                           count(*) filter (where gold),
                                           count(*) filter (where excluded),
                                           count(*) filter (where verdict = 'ACCEPTED'),
                                           count(*) filter (where verdict = 'REJECTED'),
                                           count(*) filter (where verdict is null)
                                    from judgment where job_id = ?1""", job.id)
                                    .chain(judgmentRows -> rows(s, """
                                            select coalesce(sum(gold_correct), 0), coalesce(sum(gold_total), 0),
                                                   coalesce(sum(agreed), 0), coalesce(sum(reviewed), 0)
                                            from worker_quality where job_id = ?1""", job.id)
                                            .chain(workerRows -> rows(s, """
                                                    select cast(least(floor(confidence * ?2), ?2 - 1) as integer), count(*)
                                                    from item_state where job_id = ?1 and status = 'RESOLVED'
                                                    group by 1""", job.id, config.histogramBins())
                                                    .chain(binRows -> rows(s, """
                                                            select label, count(*) from item_state
                                                            where job_id = ?1 and status = 'RESOLVED' group by 1""", job.id)
                                                            .chain(labelRows -> rows(s, """
                                                                    select i.label, j.label, count(*)
                                                                    from judgment j join item_state i on i.item_id = j.item_id
                                                                    where j.job_id = ?1 and i.status = 'RESOLVED'
                                                                      and not j.gold and not j.excluded
                                                                    group by 1, 2""", job.id)
                                                                    .map(confusionRows -> assemble(job, labels, itemRows,
                                                                            goldRows, judgmentRows, workerRows, binRows,
                                                                            labelRows, confusionRows))))))));
        })));
    }

    private JobQuality assemble(QaJob job, List<String> labels, List<Object[]> itemRows, List<Object[]> goldRows,
                                List<Object[]> judgmentRows, List<Object[]> workerRows, List<Object[]> binRows,
                                List<Object[]> labelRows, List<Object[]> confusionRows) {
        long open = 0;
        long resolved = 0;
        long low = 0;
        for (Object[] r : itemRows) {
            long n = num(r[2]);
            if ("OPEN".equals(r[0])) {
                open += n;
            } else {
                resolved += n;
                if (Boolean.TRUE.equals(r[1])) {
                    low += n;
                }
            }
        }
        Object[] jr = judgmentRows.getFirst();
        Object[] wr = workerRows.getFirst();
        int bins = config.histogramBins();
        long[] counts = new long[bins];
        binRows.forEach(r -> counts[(int) num(r[0])] += num(r[1]));
        List<Bin> histogram = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            histogram.add(new Bin((double) b / bins, (double) (b + 1) / bins, counts[b]));
        }
        Map<String, Long> distribution = new LinkedHashMap<>();
        labels.forEach(l -> distribution.put(l, 0L));
        labelRows.forEach(r -> distribution.put((String) r[0], num(r[1])));
        long[][] confusion = new long[labels.size()][labels.size()];
        for (Object[] r : confusionRows) {
            int row = labels.indexOf((String) r[0]);
            int col = labels.indexOf((String) r[1]);
            if (row >= 0 && col >= 0) {
                confusion[row][col] += num(r[2]);
            }
        }
        List<List<Long>> confusionList = new ArrayList<>();
        for (long[] row : confusion) {
            confusionList.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new JobQuality(job.id, job.title, job.status.name(), labels,
                new Policy(job.minJudgments, job.maxJudgments, job.targetConfidence),
                new ItemCounts(open, resolved, low, num(goldRows.getFirst()[0])),
                new JudgmentCounts(num(jr[0]), num(jr[1]), num(jr[2]), num(jr[3]), num(jr[4]), num(jr[5])),
                Rate.of(num(wr[0]), num(wr[1])), Rate.of(num(wr[2]), num(wr[3])),
                histogram, distribution, new LabelConfusion(labels, confusionList),
                JobQualityModel.METHOD + "/" + JobQualityModel.METHOD_VERSION, job.estimatedAt);
    }

    public Uni<ItemQuality> itemQuality(UUID jobId, UUID itemId, String requesterId) {
        return Panache.withSession(() -> ownedJob(jobId, requesterId).chain(job -> GoldLabel.<GoldLabel>findById(itemId)
                .chain(gold -> ItemState.<ItemState>findById(itemId)
                        .chain(state -> Judgment.<Judgment>list("jobId = ?1 and itemId = ?2 order by createdAt, id",
                                        jobId, itemId)
                                .map(judgments -> {
                                    boolean isGold = gold != null && gold.jobId.equals(jobId);
                                    boolean hasState = state != null && state.jobId.equals(jobId);
                                    if (!isGold && !hasState && judgments.isEmpty()) {
                                        throw ProblemException.notFound("Item " + itemId + " (no judgments yet)");
                                    }
                                    List<String> labels = json.strings(job.labels);
                                    Map<String, Double> posterior = new LinkedHashMap<>();
                                    if (hasState && state.posterior != null) {
                                        double[] p = json.vector(state.posterior);
                                        for (int k = 0; k < labels.size() && k < p.length; k++) {
                                            posterior.put(labels.get(k), p[k]);
                                        }
                                    }
                                    List<ItemJudgment> items = judgments.stream().map(j -> new ItemJudgment(
                                            j.assignmentId, j.workerId, j.label, j.timeSpentMillis,
                                            !j.excluded && !j.gold && labels.contains(j.label),
                                            j.verdict == null ? null : j.verdict.name(), j.reason, j.createdAt)).toList();
                                    if (isGold) {
                                        return new ItemQuality(itemId, jobId, "GOLD", gold.label, gold.label, 1.0,
                                                agreementWith(judgments, gold.label), false, 0, 0, posterior,
                                                "gold", "1", null, items);
                                    }
                                    return new ItemQuality(itemId, jobId, hasState ? state.status.name() : "OPEN", null,
                                            hasState && state.status == ItemState.Status.RESOLVED ? state.label : null,
                                            hasState ? state.confidence : null, hasState ? state.agreement : null,
                                            hasState && state.lowConfidence, hasState ? state.judgments : 0,
                                            hasState ? state.slots : job.minJudgments, posterior,
                                            hasState ? state.method : null, hasState ? state.methodVersion : null,
                                            hasState ? state.resolvedAt : null, items);
                                })))));
    }

    private static Double agreementWith(List<Judgment> judgments, String label) {
        return judgments.isEmpty() ? null
                : (double) judgments.stream().filter(j -> j.label.equals(label)).count() / judgments.size();
    }

    /**
     * An annotator's quality over all jobs. {@code withModel}: include the model's confusion matrices
     * (admins); an annotator sees their counts and rates only.
     */
    public Uni<WorkerQuality> workerQuality(String workerId, boolean withModel) {
        return Panache.withSession(() -> WorkerQualityRecord.<WorkerQualityRecord>list(
                        "workerId = ?1 order by updatedAt desc, jobId", workerId)
                .chain(records -> Panache.getSession().chain(s -> rows(s, """
                                select count(*) filter (where verdict = 'ACCEPTED' and not verdict_held),
                                       count(*) filter (where verdict = 'REJECTED' and not verdict_held),
                                       count(*) filter (where verdict is null or verdict_held)
                                from judgment where worker_id = ?1""", workerId)
                        .chain(verdicts -> rows(s, "select count(*) from appeal where worker_id = ?1 and status = 'PENDING'",
                                workerId).chain(appeals -> rows(s, """
                                select job_id, count(*) filter (where verdict = 'ACCEPTED'), count(*)
                                from judgment where worker_id = ?1 and gold and verdict is not null and not verdict_held
                                group by job_id""", workerId).chain(publishedGold -> jobLabels(records).map(labelsOf -> {
                            Map<UUID, long[]> goldOfJob = new LinkedHashMap<>();
                            publishedGold.forEach(r -> goldOfJob.put((UUID) r[0], new long[]{num(r[1]), num(r[2])}));
                            long goldCorrect = 0;
                            long goldTotal = 0;
                            long agreed = 0;
                            long reviewed = 0;
                            List<JobScore> jobs = new ArrayList<>();
                            for (WorkerQualityRecord r : records) {
                                // annotators see gold counts of published verdicts only (held ones would move at once)
                                long[] gold = withModel ? new long[]{r.goldCorrect, r.goldTotal}
                                        : goldOfJob.getOrDefault(r.jobId, new long[2]);
                                goldCorrect += gold[0];
                                goldTotal += gold[1];
                                agreed += r.agreed;
                                reviewed += r.reviewed;
                                jobs.add(new JobScore(r.jobId, Rate.of(gold[0], gold[1]), Rate.of(r.agreed, r.reviewed),
                                        r.accuracy, labelsOf.apply(r.jobId), withModel ? json.matrix(r.confusion) : null));
                            }
                            Object[] v = verdicts.getFirst();
                            return new WorkerQuality(workerId, Rate.of(goldCorrect, goldTotal), Rate.of(agreed, reviewed),
                                    num(v[0]), num(v[1]), num(v[2]), num(appeals.getFirst()[0]), jobs);
                        })))))));
    }

    private Uni<Function<UUID, List<String>>> jobLabels(List<WorkerQualityRecord> records) {
        List<UUID> ids = records.stream().map(r -> r.jobId).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(id -> List.of());
        }
        return QaJob.<QaJob>list("id in ?1", ids).map(jobs -> {
            Map<UUID, List<String>> labels = new LinkedHashMap<>();
            jobs.forEach(j -> labels.put(j.id, json.strings(j.labels)));
            return id -> labels.getOrDefault(id, List.of());
        });
    }

    @SuppressWarnings("unchecked")
    private static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, Object... params) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.getResultList().map(list -> {
            List<Object[]> out = new ArrayList<>();
            for (Object row : (List<Object>) list) {
                out.add(row instanceof Object[] array ? array : new Object[]{row});
            }
            return out;
        });
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}

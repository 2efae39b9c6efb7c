package dev.crowd.qa.rest;

import dev.crowd.qa.service.QualityReports;
import dev.crowd.qa.service.QualityReports.Bin;
import dev.crowd.qa.service.QualityReports.ItemCounts;
import dev.crowd.qa.service.QualityReports.JudgmentCounts;
import dev.crowd.qa.service.QualityReports.LabelConfusion;
import dev.crowd.qa.service.QualityReports.Policy;
import dev.crowd.qa.service.QualityReports.Rate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Response bodies of the quality endpoints, mapped from the queries' reports. The small value records
 * (policy, counts, rates, bins, label confusion) are the reports' own and serialise as they are.
 */
public final class QualityViews {

    public record JobQuality(UUID jobId, String title, String status, List<String> labels, Policy policy,
                             ItemCounts items, JudgmentCounts judgments, Rate goldAccuracy, Rate agreement,
                             List<Bin> confidenceHistogram, Map<String, Long> labelDistribution,
                             LabelConfusion labelConfusion, String method, OffsetDateTime estimatedAt) {

        static JobQuality of(QualityReports.JobQuality r) {
            return new JobQuality(r.jobId(), r.title(), r.status(), r.labels(), r.policy(), r.items(), r.judgments(),
                    r.goldAccuracy(), r.agreement(), r.confidenceHistogram(), r.labelDistribution(),
                    r.labelConfusion(), r.method(), r.estimatedAt());
        }
    }

    public record ItemJudgment(UUID assignmentId, String workerId, String label, long timeSpentMillis,
                               boolean counting, String verdict, String reason, OffsetDateTime submittedAt) {

        static ItemJudgment of(QualityReports.ItemJudgment r) {
            return new ItemJudgment(r.assignmentId(), r.workerId(), r.label(), r.timeSpentMillis(), r.counting(),
                    r.verdict(), r.reason(), r.submittedAt());
        }
    }

    /**
     * @param status    OPEN, RESOLVED, or GOLD for a control item
     * @param posterior probability of each label (empty for gold)
     */
    public record ItemQuality(UUID itemId, UUID jobId, String status, String goldLabel, String label, Double confidence,
                              Double agreement, boolean lowConfidence, int judgmentsCounting, int judgmentsAskedFor,
                              Map<String, Double> posterior, String method, String methodVersion,
                              OffsetDateTime resolvedAt, List<ItemJudgment> judgments) {

        static ItemQuality of(QualityReports.ItemQuality r) {
            return new ItemQuality(r.itemId(), r.jobId(), r.status(), r.goldLabel(), r.label(), r.confidence(),
                    r.agreement(), r.lowConfidence(), r.judgmentsCounting(), r.judgmentsAskedFor(), r.posterior(),
                    r.method(), r.methodVersion(), r.resolvedAt(), r.judgments().stream().map(ItemJudgment::of).toList());
        }
    }

    /**
     * @param confusion the model's P(answer = column | truth = row) over {@code labels}; admins only
     */
    public record JobScore(UUID jobId, Rate goldAccuracy, Rate agreement, double accuracy, List<String> labels,
                           double[][] confusion) {

        static JobScore of(QualityReports.JobScore r) {
            return new JobScore(r.jobId(), r.goldAccuracy(), r.agreement(), r.accuracy(), r.labels(), r.confusion());
        }
    }

    public record WorkerQuality(String workerId, Rate goldAccuracy, Rate agreement, long accepted, long rejected,
                                long pendingReview, long pendingAppeals, List<JobScore> jobs) {

        static WorkerQuality of(QualityReports.WorkerQuality r) {
            return new WorkerQuality(r.workerId(), r.goldAccuracy(), r.agreement(), r.accepted(), r.rejected(),
                    r.pendingReview(), r.pendingAppeals(), r.jobs().stream().map(JobScore::of).toList());
        }
    }

    private QualityViews() {
    }
}

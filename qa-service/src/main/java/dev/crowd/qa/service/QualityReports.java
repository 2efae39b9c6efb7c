package dev.crowd.qa.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the quality queries report (the REST layer maps these to its response bodies, rest.QualityViews). */
public final class QualityReports {

    public record Policy(int minJudgments, int maxJudgments, double targetConfidence) {
    }

    public record ItemCounts(long open, long resolved, long lowConfidence, long gold) {
    }

    public record JudgmentCounts(long total, long gold, long excluded, long accepted, long rejected, long pending) {
    }

    /** {@code rate} is null when there is nothing to divide by yet. */
    public record Rate(long count, long total, Double rate) {
        public static Rate of(long count, long total) {
            return new Rate(count, total, total == 0 ? null : (double) count / total);
        }
    }

    public record Bin(double from, double to, long count) {
    }

    /**
     * @param counts counts[row][column]: answers with label {@code labels[column]} on items resolved as
     *               {@code labels[row]} (non-gold, counting judgments only)
     */
    public record LabelConfusion(List<String> labels, List<List<Long>> counts) {
    }

    public record JobQuality(UUID jobId, String title, String status, List<String> labels, Policy policy,
                             ItemCounts items, JudgmentCounts judgments, Rate goldAccuracy, Rate agreement,
                             List<Bin> confidenceHistogram, Map<String, Long> labelDistribution,
                             LabelConfusion labelConfusion, String method, OffsetDateTime estimatedAt) {
    }

    public record ItemJudgment(UUID assignmentId, String workerId, String label, long timeSpentMillis,
                               boolean counting, String verdict, String reason, OffsetDateTime submittedAt) {
    }

    /** @param status OPEN, RESOLVED, or GOLD for a control item; {@code posterior} is empty for gold */
    public record ItemQuality(UUID itemId, UUID jobId, String status, String goldLabel, String label, Double confidence,
                              Double agreement, boolean lowConfidence, int judgmentsCounting, int judgmentsAskedFor,
                              Map<String, Double> posterior, String method, String methodVersion,
                              OffsetDateTime resolvedAt, List<ItemJudgment> judgments) {
    }

    /** @param confusion the model's confusion matrix over {@code labels}, or null (not for annotators) */
    public record JobScore(UUID jobId, Rate goldAccuracy, Rate agreement, double accuracy, List<String> labels,
                           double[][] confusion) {
    }

    public record WorkerQuality(String workerId, Rate goldAccuracy, Rate agreement, long accepted, long rejected,
                                long pendingReview, long pendingAppeals, List<JobScore> jobs) {
    }

    private QualityReports() {
    }
}

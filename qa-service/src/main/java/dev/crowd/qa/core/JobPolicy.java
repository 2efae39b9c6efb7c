package dev.crowd.qa.core;

import dev.crowd.contracts.jobs.JobSubmitted;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * What the rules know of a job: its label set (ties go to the first label), its overlap policy, whether
 * it may still ask for work, and the class priors of its last full estimation (null before it).
 */
public record JobPolicy(UUID jobId, List<String> labels, int minJudgments, int maxJudgments, double targetConfidence,
                        boolean active, double[] priors) {

    /**
     * The policy a JobSubmitted sets up: labels de-duplicated in order, at least one judgment, max at
     * least min, target confidence within [0, 1]; no overlap policy means one judgment per item.
     *
     * @throws IllegalArgumentException when the job has no labels
     */
    public static JobPolicy setUp(JobSubmitted event) {
        List<String> labels = event.labels() == null ? List.of() : List.copyOf(new LinkedHashSet<>(event.labels()));
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("job " + event.jobId() + " has no labels");
        }
        int min = event.overlap() == null ? 1 : Math.max(1, event.overlap().minJudgments());
        int max = event.overlap() == null ? min : Math.max(min, event.overlap().maxJudgments());
        double target = event.overlap() == null ? 0 : Math.min(1, Math.max(0, event.overlap().targetConfidence()));
        return new JobPolicy(event.jobId(), labels, min, max, target, true, null);
    }

    /** The priors of the last full estimation, or uniform ones before it (or when the label set changed). */
    double[] priorsOrUniform() {
        int k = labels.size();
        if (priors != null && priors.length == k) {
            return priors;
        }
        double[] uniform = new double[k];
        Arrays.fill(uniform, 1.0 / k);
        return uniform;
    }

    JobPolicy withPriors(double[] newPriors) {
        return new JobPolicy(jobId, labels, minJudgments, maxJudgments, targetConfidence, active, newPriors);
    }
}

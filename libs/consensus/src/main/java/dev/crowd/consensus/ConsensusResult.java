package dev.crowd.consensus;

import java.util.Arrays;

/**
 * What a method inferred: per item a class and the posterior over classes, per worker a quality.
 * An item with neither answers nor gold has no label ({@link #label} is -1).
 */
public final class ConsensusResult {

    private final String method;
    private final String version;
    private final AnswerSet data;
    private final double[] posterior;
    private final int[] label;
    private final WorkerQuality[] workers;
    private final double[] classPriors;
    private final int iterations;
    private final boolean converged;

    ConsensusResult(String method, String version, AnswerSet data, double[] posterior, WorkerQuality[] workers,
                    double[] classPriors, int iterations, boolean converged) {
        this.method = method;
        this.version = version;
        this.data = data;
        this.posterior = posterior;
        this.label = Em.decide(data, posterior);
        this.workers = workers;
        this.classPriors = classPriors;
        this.iterations = iterations;
        this.converged = converged;
    }

    public String method() {
        return method;
    }

    public String version() {
        return version;
    }

    public AnswerSet data() {
        return data;
    }

    /** Class index of item i, or -1 when it has no answers and no gold. */
    public int label(int i) {
        return label[i];
    }

    /** The class label of item i, or null. */
    public String labelOf(int i) {
        return label[i] < 0 ? null : data.classLabel(label[i]);
    }

    /** Posterior probability of the chosen class (0 when there is none). */
    public double confidence(int i) {
        return label[i] < 0 ? 0 : posterior[i * data.classCount() + label[i]];
    }

    /** A copy of item i's posterior over classes. */
    public double[] posterior(int i) {
        int k = data.classCount();
        return Arrays.copyOfRange(posterior, i * k, i * k + k);
    }

    public WorkerQuality worker(int w) {
        return workers[w];
    }

    /** Estimated share of each class among items (uniform for methods without priors). */
    public double[] classPriors() {
        return classPriors.clone();
    }

    public int iterations() {
        return iterations;
    }

    public boolean converged() {
        return converged;
    }
}

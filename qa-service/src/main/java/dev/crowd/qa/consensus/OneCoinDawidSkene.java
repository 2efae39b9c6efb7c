package dev.crowd.qa.consensus;

/**
 * One-coin Dawid-Skene: each worker has a single accuracy p; a wrong answer is spread evenly over the
 * other classes. EM as in {@link DawidSkene} (vote start, gold clamped, relative log-likelihood
 * convergence). p is the MAP estimate under a Beta({@code correctPrior}+1, {@code wrongPrior}+1) prior.
 */
public final class OneCoinDawidSkene implements Aggregator {

    public static final String NAME = "one-coin-dawid-skene";

    private final double correctPrior;
    private final double wrongPrior;
    private final int maxIterations;
    private final double tolerance;

    public OneCoinDawidSkene() {
        this(1.0, 1.0, 100, 1e-7);
    }

    public OneCoinDawidSkene(double correctPrior, double wrongPrior, int maxIterations, double tolerance) {
        this.correctPrior = correctPrior;
        this.wrongPrior = wrongPrior;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public ConsensusResult aggregate(AnswerSet data) {
        int k = data.classCount();
        int n = data.itemCount();
        int nw = data.workerCount();
        int[] start = data.itemStartArray();
        int[] worker = data.workerArray();
        int[] label = data.labelArray();
        int[] gold = data.goldArray();
        int[] answers = Em.answersPerWorker(data);

        double[] t = Em.voteShares(data, null);
        double[] p = new double[nw];
        double[] priors = Em.uniform(k);
        double[] logRight = new double[nw];
        double[] logWrong = new double[nw];
        double previous = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            java.util.Arrays.fill(p, 0);
            for (int i = 0; i < n; i++) {
                for (int a = start[i]; a < start[i + 1]; a++) {
                    p[worker[a]] += t[i * k + label[a]];
                }
            }
            for (int w = 0; w < nw; w++) {
                p[w] = (p[w] + correctPrior) / (answers[w] + correctPrior + wrongPrior);
                p[w] = Math.min(1 - Em.FLOOR, Math.max(Em.FLOOR, p[w]));
                logRight[w] = Math.log(p[w]);
                logWrong[w] = k > 1 ? Math.log((1 - p[w]) / (k - 1)) : 0;
            }
            double logLikelihood = 0;
            for (int i = 0; i < n; i++) {
                int off = i * k;
                for (int c = 0; c < k; c++) {
                    t[off + c] = Math.log(priors[c]);
                }
                for (int a = start[i]; a < start[i + 1]; a++) {
                    int w = worker[a];
                    for (int c = 0; c < k; c++) {
                        t[off + c] += logWrong[w];
                    }
                    t[off + label[a]] += logRight[w] - logWrong[w];
                }
                logLikelihood += gold[i] >= 0 ? t[off + gold[i]] : Em.normaliseLog(t, off, k);
            }
            Em.clampGold(data, t);
            if (logLikelihood - previous <= tolerance * Math.abs(logLikelihood)) {
                converged = true;
                break;
            }
            previous = logLikelihood;
        }
        WorkerQuality[] workers = new WorkerQuality[nw];
        for (int w = 0; w < nw; w++) {
            workers[w] = new WorkerQuality(data.workerId(w), answers[w], p[w], null, p[w]);
        }
        return new ConsensusResult(NAME, version(), data, t, workers, priors, iteration, converged);
    }
}

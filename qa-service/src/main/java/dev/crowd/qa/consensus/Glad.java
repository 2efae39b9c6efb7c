package dev.crowd.qa.consensus;

/**
 * GLAD (Whitehill et al., 2009): P(worker w answers item i correctly) = sigmoid(alpha_w * beta_i), with a
 * worker ability alpha (negative: adversarial) and an item easiness beta = exp(b) > 0; a wrong answer is
 * spread evenly over the other classes. EM: the E-step computes posteriors over classes (gold clamped);
 * the M-step takes Newton steps on alpha and Fisher-scoring steps on b, with Gaussian priors
 * alpha ~ N(1, 1), b ~ N(0, 1). Same start and convergence rule as {@link DawidSkene}.
 */
public final class Glad implements Aggregator {

    public static final String NAME = "glad";

    private final int maxIterations;
    private final double tolerance;
    private final int newtonSteps;

    public Glad() {
        this(100, 1e-6, 3);
    }

    public Glad(int maxIterations, double tolerance, int newtonSteps) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.newtonSteps = newtonSteps;
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

        double[] t = Em.voteShares(data, null);
        double[] alpha = new double[nw];
        java.util.Arrays.fill(alpha, 1);
        double[] b = new double[n];
        double[] priors = Em.uniform(k);
        double[] gradA = new double[nw];
        double[] hessA = new double[nw];
        double logWrongShare = k > 1 ? Math.log(k - 1) : 0;
        double previous = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            for (int step = 0; step < newtonSteps; step++) {
                // abilities, items' easiness fixed
                java.util.Arrays.fill(gradA, 0);
                java.util.Arrays.fill(hessA, 0);
                for (int i = 0; i < n; i++) {
                    double beta = Math.exp(b[i]);
                    for (int a = start[i]; a < start[i + 1]; a++) {
                        int w = worker[a];
                        double s = sigmoid(alpha[w] * beta);
                        gradA[w] += (t[i * k + label[a]] - s) * beta;
                        hessA[w] += s * (1 - s) * beta * beta;
                    }
                }
                for (int w = 0; w < nw; w++) {
                    double g = gradA[w] - (alpha[w] - 1);
                    double h = hessA[w] + 1;
                    alpha[w] = clamp(alpha[w] + g / h, -10, 10);
                }
                // easiness, abilities fixed
                for (int i = 0; i < n; i++) {
                    double beta = Math.exp(b[i]);
                    double g = -b[i];
                    double h = 1;
                    for (int a = start[i]; a < start[i + 1]; a++) {
                        double al = alpha[worker[a]];
                        double s = sigmoid(al * beta);
                        g += (t[i * k + label[a]] - s) * al * beta;
                        h += s * (1 - s) * al * al * beta * beta;
                    }
                    b[i] = clamp(b[i] + g / h, -5, 5);
                }
            }
            double logLikelihood = 0;
            for (int i = 0; i < n; i++) {
                int off = i * k;
                double beta = Math.exp(b[i]);
                for (int c = 0; c < k; c++) {
                    t[off + c] = Math.log(priors[c]);
                }
                for (int a = start[i]; a < start[i + 1]; a++) {
                    double z = alpha[worker[a]] * beta;
                    double logRight = -softplus(-z);
                    double logWrong = -softplus(z) - logWrongShare;
                    for (int c = 0; c < k; c++) {
                        t[off + c] += logWrong;
                    }
                    t[off + label[a]] += logRight - logWrong;
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
        int[] answers = Em.answersPerWorker(data);
        WorkerQuality[] workers = new WorkerQuality[nw];
        for (int w = 0; w < nw; w++) {
            workers[w] = new WorkerQuality(data.workerId(w), answers[w], sigmoid(alpha[w]), null, alpha[w]);
        }
        return new ConsensusResult(NAME, version(), data, t, workers, priors, iteration, converged);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** log(1 + e^z) without overflow. */
    private static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}

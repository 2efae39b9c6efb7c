package dev.crowd.consensus;

/**
 * GLAD (Whitehill et al., 2009): P(worker w answers item i correctly) = sigmoid(alpha_w * beta_i), with a
 * worker ability alpha (negative: adversarial) and an item easiness beta = exp(b) > 0; a wrong answer is
 * spread evenly over the other classes. EM: the E-step computes posteriors over classes (gold clamped);
 * the M-step takes Newton steps on alpha and Fisher-scoring steps on b, with Gaussian priors
 * alpha ~ N(1, 1), b ~ N(0, 1). Same start and convergence rule as {@link DawidSkene}.
 */
public final class Glad extends EmAggregator {

    public static final String NAME = "glad";

    private final int newtonSteps;

    public Glad() {
        this(100, 1e-6, 3);
    }

    public Glad(int maxIterations, double tolerance, int newtonSteps) {
        super(NAME, maxIterations, tolerance);
        this.newtonSteps = newtonSteps;
    }

    @Override
    EmLoop.Model model(AnswerSet data) {
        return new Fit(data);
    }

    /** Abilities per worker and easiness per item; uniform class priors. */
    private final class Fit extends EmLoop.Model {
        final double[] alpha;
        final double[] b;
        final double[] gradA;
        final double[] hessA;
        final double logWrongShare;

        Fit(AnswerSet data) {
            super(data);
            int nw = data.workerCount();
            this.alpha = new double[nw];
            java.util.Arrays.fill(alpha, 1);
            this.b = new double[n];
            this.gradA = new double[nw];
            this.hessA = new double[nw];
            this.logWrongShare = k > 1 ? Math.log(k - 1) : 0;
            this.logPriors = EmLoop.logOf(Em.uniform(k));
        }

        @Override
        void maximise(double[] t, int iteration) {
            for (int step = 0; step < newtonSteps; step++) {
                abilities(t);
                easiness(t);
            }
        }

        /** A Newton step on every worker's ability, items' easiness fixed. */
        private void abilities(double[] t) {
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
            for (int w = 0; w < alpha.length; w++) {
                double g = gradA[w] - (alpha[w] - 1);
                double h = hessA[w] + 1;
                alpha[w] = clamp(alpha[w] + g / h, -10, 10);
            }
        }

        /** A Fisher-scoring step on every item's log-easiness, abilities fixed. */
        private void easiness(double[] t) {
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

        @Override
        void addAnswerLogs(int i, double[] t, int off) {
            double beta = Math.exp(b[i]);
            for (int a = start[i]; a < start[i + 1]; a++) {
                double z = alpha[worker[a]] * beta;
                Em.addSymmetric(t, off, k, label[a], -softplus(-z), -softplus(z) - logWrongShare);
            }
        }

        @Override
        WorkerQuality[] workers() {
            int[] answers = Em.answersPerWorker(data);
            WorkerQuality[] workers = new WorkerQuality[alpha.length];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new WorkerQuality(data.workerId(w), answers[w], sigmoid(alpha[w]), null, alpha[w]);
            }
            return workers;
        }

        @Override
        double[] priors() {
            return Em.uniform(k);
        }
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

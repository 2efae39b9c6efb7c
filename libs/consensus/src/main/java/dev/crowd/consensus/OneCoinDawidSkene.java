package dev.crowd.consensus;

/**
 * One-coin Dawid-Skene: each worker has a single accuracy p; a wrong answer is spread evenly over the
 * other classes. EM as in {@link DawidSkene} (vote start, gold clamped, relative log-likelihood
 * convergence). p is the MAP estimate under a Beta({@code correctPrior}+1, {@code wrongPrior}+1) prior.
 */
public final class OneCoinDawidSkene extends EmAggregator {

    public static final String NAME = "one-coin-dawid-skene";

    private final double correctPrior;
    private final double wrongPrior;

    public OneCoinDawidSkene() {
        this(1.0, 1.0, 100, 1e-7);
    }

    public OneCoinDawidSkene(double correctPrior, double wrongPrior, int maxIterations, double tolerance) {
        super(NAME, maxIterations, tolerance);
        this.correctPrior = correctPrior;
        this.wrongPrior = wrongPrior;
    }

    @Override
    EmLoop.Model model(AnswerSet data) {
        return new Fit(data);
    }

    /** One accuracy per worker; uniform class priors. */
    private final class Fit extends EmLoop.Model {
        final int[] answers;
        final double[] p;
        final double[] logRight;
        final double[] logWrong;

        Fit(AnswerSet data) {
            super(data);
            this.answers = Em.answersPerWorker(data);
            int nw = data.workerCount();
            this.p = new double[nw];
            this.logRight = new double[nw];
            this.logWrong = new double[nw];
            this.logPriors = EmLoop.logOf(Em.uniform(k));
        }

        @Override
        void maximise(double[] t, int iteration) {
            java.util.Arrays.fill(p, 0);
            for (int i = 0; i < n; i++) {
                for (int a = start[i]; a < start[i + 1]; a++) {
                    p[worker[a]] += t[i * k + label[a]];
                }
            }
            for (int w = 0; w < p.length; w++) {
                p[w] = (p[w] + correctPrior) / (answers[w] + correctPrior + wrongPrior);
                p[w] = Math.min(1 - Em.FLOOR, Math.max(Em.FLOOR, p[w]));
                logRight[w] = Math.log(p[w]);
                logWrong[w] = k > 1 ? Math.log((1 - p[w]) / (k - 1)) : 0;
            }
        }

        @Override
        void addAnswerLogs(int i, double[] t, int off) {
            for (int a = start[i]; a < start[i + 1]; a++) {
                Em.addSymmetric(t, off, k, label[a], logRight[worker[a]], logWrong[worker[a]]);
            }
        }

        @Override
        WorkerQuality[] workers() {
            WorkerQuality[] workers = new WorkerQuality[p.length];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new WorkerQuality(data.workerId(w), answers[w], p[w], null, p[w]);
            }
            return workers;
        }

        @Override
        double[] priors() {
            return Em.uniform(k);
        }
    }
}

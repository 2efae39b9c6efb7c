package dev.crowd.consensus;

/**
 * Dawid-Skene (1979): every worker has a full confusion matrix P(answer | truth), items have a class
 * prior; EM alternates posteriors over true classes (E) and maximum a posteriori matrices and priors (M).
 *
 * <ul>
 *   <li>Start: the soft majority vote.</li>
 *   <li>Smoothing: {@code smoothing} pseudo-answers per (truth, answer) cell of every confusion matrix,
 *       and {@code priorSmoothing} pseudo-items per class, so no probability is ever 0.</li>
 *   <li>Convergence: stops when the log-likelihood improves by less than {@code tolerance} relative to
 *       its size, or after {@code maxIterations}.</li>
 *   <li>Gold items are clamped to their known class in every E-step, so they anchor the matrices.</li>
 * </ul>
 *
 * Inner loops run over int arrays; the log matrices are laid out [worker][answer][truth] so one answer
 * adds a contiguous row of {@code K} numbers to its item's scores.
 */
public final class DawidSkene extends EmAggregator {

    public static final String NAME = "dawid-skene";
    static final double DEFAULT_DIAGONAL_PRIOR = 0.1;

    private final double smoothing;
    private final double diagonalPrior;
    private final double priorSmoothing;

    public DawidSkene() {
        this(0.001, 1.0, 100, 1e-5);
    }

    public DawidSkene(double smoothing, double priorSmoothing, int maxIterations, double tolerance) {
        this(smoothing, DEFAULT_DIAGONAL_PRIOR, priorSmoothing, maxIterations, tolerance);
    }

    /**
     * @param diagonalPrior extra pseudo-answers on the diagonal of every matrix: a worker is presumed
     *                      somewhat better than chance on a class they have barely been seen on. Without
     *                      it, the row of a class a sparse worker never met is fed only by stray posterior
     *                      mass and confirms it (perfect but sparse workers could then drift to a wrong
     *                      label).
     */
    public DawidSkene(double smoothing, double diagonalPrior, double priorSmoothing, int maxIterations, double tolerance) {
        super(NAME, checked(smoothing > 0 && diagonalPrior >= 0 && priorSmoothing > 0 && maxIterations >= 1
                && tolerance >= 0, maxIterations), tolerance);
        this.smoothing = smoothing;
        this.diagonalPrior = diagonalPrior;
        this.priorSmoothing = priorSmoothing;
    }

    private static int checked(boolean valid, int maxIterations) {
        if (!valid) {
            throw new IllegalArgumentException("smoothing must be > 0, maxIterations >= 1, tolerance >= 0");
        }
        return maxIterations;
    }

    @Override
    EmLoop.Model model(AnswerSet data) {
        return new Fit(data);
    }

    /** The confusion matrices and class priors EM fits. */
    private final class Fit extends EmLoop.Model {
        final double[] cm;     // [w][answer][truth]: counts, then probabilities
        final double[] logCm;
        double[] priors;

        Fit(AnswerSet data) {
            super(data);
            this.cm = new double[data.workerCount() * k * k];
            this.logCm = new double[cm.length];
            this.priors = Em.uniform(k);
        }

        @Override
        void maximise(double[] t, int iteration) {
            // the first M-step learns gold-answering workers' matrices from gold alone
            mStep(data, t, cm, iteration == 1 ? goldOnlyWorkers(data) : null);
            priors = Em.priors(data, t, priorSmoothing);
            for (int j = 0; j < cm.length; j++) {
                logCm[j] = Math.log(cm[j]);
            }
            logPriors = EmLoop.logOf(priors);
        }

        @Override
        void addAnswerLogs(int i, double[] t, int off) {
            for (int a = start[i]; a < start[i + 1]; a++) {
                int row = (worker[a] * k + label[a]) * k;
                for (int c = 0; c < k; c++) {
                    t[off + c] += logCm[row + c];
                }
            }
        }

        @Override
        WorkerQuality[] workers() {
            WorkerQuality[] workers = new WorkerQuality[data.workerCount()];
            int[] answers = Em.answersPerWorker(data);
            for (int w = 0; w < workers.length; w++) {
                double[][] confusion = new double[k][k];
                double accuracy = 0;
                for (int truth = 0; truth < k; truth++) {
                    for (int ans = 0; ans < k; ans++) {
                        confusion[truth][ans] = cm[(w * k + ans) * k + truth];
                    }
                    accuracy += priors[truth] * confusion[truth][truth];
                }
                workers[w] = new WorkerQuality(data.workerId(w), answers[w], accuracy, confusion, Double.NaN);
            }
            return workers;
        }

        @Override
        double[] priors() {
            return priors;
        }
    }

    /**
     * Workers who answered at least one gold item: their first matrices come from gold alone, so that
     * gold can overrule a wrong majority instead of EM settling where the vote started it.
     */
    private static boolean[] goldOnlyWorkers(AnswerSet data) {
        boolean[] out = new boolean[data.workerCount()];
        boolean any = false;
        for (int i = 0; i < data.itemCount(); i++) {
            if (data.gold(i) >= 0) {
                for (int a = data.start(i); a < data.end(i); a++) {
                    out[data.worker(a)] = true;
                    any = true;
                }
            }
        }
        return any ? out : null;
    }

    /** Smoothed confusion matrices from the current posteriors, normalised over answers per truth. */
    private void mStep(AnswerSet data, double[] t, double[] cm, boolean[] goldOnly) {
        int k = data.classCount();
        int[] start = data.itemStartArray();
        int[] worker = data.workerArray();
        int[] label = data.labelArray();
        int[] gold = data.goldArray();
        java.util.Arrays.fill(cm, smoothing);
        for (int w = 0; w < data.workerCount(); w++) {
            for (int c = 0; c < k; c++) {
                cm[(w * k + c) * k + c] += diagonalPrior;
            }
        }
        for (int i = 0; i < data.itemCount(); i++) {
            int off = i * k;
            for (int a = start[i]; a < start[i + 1]; a++) {
                if (goldOnly != null && gold[i] < 0 && goldOnly[worker[a]]) {
                    continue;
                }
                int row = (worker[a] * k + label[a]) * k;
                for (int c = 0; c < k; c++) {
                    cm[row + c] += t[off + c];
                }
            }
        }
        double[] total = new double[k];
        for (int w = 0; w < data.workerCount(); w++) {
            java.util.Arrays.fill(total, 0);
            int base = w * k * k;
            for (int ans = 0; ans < k; ans++) {
                for (int c = 0; c < k; c++) {
                    total[c] += cm[base + ans * k + c];
                }
            }
            for (int ans = 0; ans < k; ans++) {
                for (int c = 0; c < k; c++) {
                    cm[base + ans * k + c] /= total[c];
                }
            }
        }
    }
}

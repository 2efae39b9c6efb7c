package dev.crowd.consensus;

/**
 * The expectation-maximisation loop every latent-class method shares: start from the soft majority
 * vote, then alternate the method's M-step with the E-step (class log-priors plus the log-likelihood of
 * each answer, normalised per item, gold clamped) until the log-likelihood improves by less than
 * {@code tolerance} relative to its size, or {@code maxIterations} have run. A method only says how it
 * fits its parameters and how likely an answer is under each class.
 */
final class EmLoop {

    /** A method's parameters, as the loop sees them, over the answers in dense form. */
    abstract static class Model {
        final AnswerSet data;
        final int k;
        final int n;
        final int[] start;
        final int[] worker;
        final int[] label;
        /** The class log-priors of the next E-step, set by the M-step (or once, when fixed). */
        double[] logPriors;

        Model(AnswerSet data) {
            this.data = data;
            this.k = data.classCount();
            this.n = data.itemCount();
            this.start = data.itemStartArray();
            this.worker = data.workerArray();
            this.label = data.labelArray();
        }

        /** The M-step: re-fits the parameters from the posteriors (gold clamped); iterations count from 1. */
        abstract void maximise(double[] posterior, int iteration);

        /** Adds the log-likelihood of item {@code item}'s answers under each class to {@code s[off..off+k)}. */
        abstract void addAnswerLogs(int item, double[] s, int off);

        /** Each worker's quality as fitted. */
        abstract WorkerQuality[] workers();

        /** The class priors as fitted. */
        abstract double[] priors();
    }

    /** The final posteriors ([item][class], flat), the iterations run and whether the tolerance was met. */
    record Run(double[] posterior, int iterations, boolean converged) {
    }

    static Run run(AnswerSet data, Model model, int maxIterations, double tolerance) {
        int k = data.classCount();
        int n = data.itemCount();
        int[] gold = data.goldArray();
        double[] t = Em.voteShares(data, null);
        double previous = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            model.maximise(t, iteration);
            double[] logPriors = model.logPriors;
            double logLikelihood = 0;
            for (int i = 0; i < n; i++) {
                int off = i * k;
                System.arraycopy(logPriors, 0, t, off, k);
                model.addAnswerLogs(i, t, off);
                logLikelihood += gold[i] >= 0 ? t[off + gold[i]] : Em.normaliseLog(t, off, k);
            }
            Em.clampGold(data, t);
            if (logLikelihood - previous <= tolerance * Math.abs(logLikelihood)) {
                converged = true;
                break;
            }
            previous = logLikelihood;
        }
        return new Run(t, iteration, converged);
    }

    /** Log of each prior. */
    static double[] logOf(double[] priors) {
        double[] out = new double[priors.length];
        for (int c = 0; c < priors.length; c++) {
            out[c] = Math.log(priors[c]);
        }
        return out;
    }

    private EmLoop() {
    }
}

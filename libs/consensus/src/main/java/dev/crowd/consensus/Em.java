package dev.crowd.consensus;

import java.util.Arrays;

/** Shared steps of the methods: vote initialisation, gold clamping, normalisation and the decision rule. */
final class Em {

    /** Smallest probability used inside a logarithm. */
    static final double FLOOR = 1e-12;

    /**
     * Soft majority vote: each item's posterior is its share of votes per class; gold items are
     * clamped; items without answers get the uniform distribution.
     */
    static double[] voteShares(AnswerSet data, double[] weightPerWorker) {
        int k = data.classCount();
        int n = data.itemCount();
        int[] start = data.itemStartArray();
        int[] worker = data.workerArray();
        int[] label = data.labelArray();
        double[] t = new double[n * k];
        for (int i = 0; i < n; i++) {
            int off = i * k;
            double total = 0;
            for (int a = start[i]; a < start[i + 1]; a++) {
                double w = weightPerWorker == null ? 1 : weightPerWorker[worker[a]];
                t[off + label[a]] += w;
                total += w;
            }
            if (total > 0) {
                for (int c = 0; c < k; c++) {
                    t[off + c] /= total;
                }
            } else {
                Arrays.fill(t, off, off + k, 1.0 / k);
            }
        }
        clampGold(data, t);
        return t;
    }

    /** Gold items get probability 1 on their known class. */
    static void clampGold(AnswerSet data, double[] t) {
        int k = data.classCount();
        int[] gold = data.goldArray();
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] >= 0) {
                Arrays.fill(t, i * k, i * k + k, 0);
                t[i * k + gold[i]] = 1;
            }
        }
    }

    /**
     * Turns log scores {@code s[off..off+k)} into probabilities in place; returns the log of the
     * normaliser (the item's log-likelihood contribution).
     */
    static double normaliseLog(double[] s, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, s[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(s[off + c] - max);
            s[off + c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) {
            s[off + c] /= sum;
        }
        return max + Math.log(sum);
    }

    /**
     * The decision rule of every method: the class with the highest posterior; a tie (within 1e-12)
     * goes to the class listed first in the label set. Gold items take their gold class; items with
     * neither answers nor gold get -1.
     */
    static int[] decide(AnswerSet data, double[] posterior) {
        int k = data.classCount();
        int n = data.itemCount();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (data.gold(i) >= 0) {
                out[i] = data.gold(i);
                continue;
            }
            if (data.start(i) == data.end(i)) {
                out[i] = -1;
                continue;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (posterior[i * k + c] > posterior[i * k + best] + 1e-12) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Empirical class priors from posteriors with add-{@code alpha} smoothing. */
    static double[] priors(AnswerSet data, double[] t, double alpha) {
        int k = data.classCount();
        int n = data.itemCount();
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                p[c] += t[i * k + c];
            }
        }
        double total = n + k * alpha;
        for (int c = 0; c < k; c++) {
            p[c] = (p[c] + alpha) / total;
        }
        return p;
    }

    /**
     * Adds one answer of a symmetric-error worker: {@code logWrong} to every class, and
     * {@code logRight - logWrong} more to the answered class.
     */
    static void addSymmetric(double[] s, int off, int k, int answered, double logRight, double logWrong) {
        for (int c = 0; c < k; c++) {
            s[off + c] += logWrong;
        }
        s[off + answered] += logRight - logWrong;
    }

    static double[] uniform(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    /** Share of each worker's answers that equal the decided label of their item (NaN: no answers). */
    static double[] agreement(AnswerSet data, int[] decided, int[] answersPerWorker) {
        double[] agree = new double[data.workerCount()];
        for (int i = 0; i < data.itemCount(); i++) {
            for (int a = data.start(i); a < data.end(i); a++) {
                if (data.label(a) == decided[i]) {
                    agree[data.worker(a)]++;
                }
            }
        }
        for (int w = 0; w < agree.length; w++) {
            agree[w] = answersPerWorker[w] == 0 ? Double.NaN : agree[w] / answersPerWorker[w];
        }
        return agree;
    }

    static int[] answersPerWorker(AnswerSet data) {
        int[] count = new int[data.workerCount()];
        for (int w : data.workerArray()) {
            count[w]++;
        }
        return count;
    }

    private Em() {
    }
}

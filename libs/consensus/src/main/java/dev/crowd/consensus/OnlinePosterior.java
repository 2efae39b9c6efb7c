package dev.crowd.consensus;

/**
 * One item's posterior from its answers and the current estimates of its workers, without re-running
 * EM: the E-step of {@link DawidSkene} for a single item. Used between full re-estimations, as answers
 * arrive.
 */
public final class OnlinePosterior {

    /**
     * @param priors     class priors (length K)
     * @param answers    the class index of each answer
     * @param confusions per answer, its worker's P(answer = column | truth = row), K x K
     * @return the posterior over the K classes
     */
    public static double[] posterior(double[] priors, int[] answers, double[][][] confusions) {
        int k = priors.length;
        double[] s = new double[k];
        for (int c = 0; c < k; c++) {
            s[c] = Math.log(Math.max(priors[c], Em.FLOOR));
        }
        for (int a = 0; a < answers.length; a++) {
            double[][] cm = confusions[a];
            for (int c = 0; c < k; c++) {
                s[c] += Math.log(Math.max(cm[c][answers[a]], Em.FLOOR));
            }
        }
        Em.normaliseLog(s, 0, k);
        return s;
    }

    /** The confusion matrix of a worker known only by an accuracy: errors spread evenly. */
    public static double[][] oneCoin(int k, double accuracy) {
        double[][] cm = new double[k][k];
        double wrong = k > 1 ? (1 - accuracy) / (k - 1) : 0;
        for (int truth = 0; truth < k; truth++) {
            for (int ans = 0; ans < k; ans++) {
                cm[truth][ans] = truth == ans ? accuracy : wrong;
            }
        }
        return cm;
    }

    /** Index of the largest value; ties go to the lowest index (the label listed first). */
    public static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best] + 1e-12) {
                best = c;
            }
        }
        return best;
    }

    private OnlinePosterior() {
    }
}

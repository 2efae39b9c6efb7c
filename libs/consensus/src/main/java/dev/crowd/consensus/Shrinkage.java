package dev.crowd.consensus;

/**
 * Pulls estimates learned from little evidence towards a simple prior before they are trusted online.
 *
 * <p>A full Dawid-Skene estimate early in a job sees a handful of answers per annotator: 16 cells of a
 * 4-label confusion matrix fitted to five answers can say, with confidence, that an annotator's
 * "negative" means "neutral". Items resolved online with such a matrix are resolved wrongly, and stay
 * so. Each row of the matrix is therefore blended with the annotator's one-coin row (their accuracy,
 * errors spread evenly) in proportion to the answers that row rests on, and the class priors with the
 * uniform distribution in proportion to the items: with much evidence the estimate stands, with little
 * the one-coin view (a weighted vote) decides.
 */
public final class Shrinkage {

    /**
     * @param confusion P(answer = column | truth = row), K x K, from the full estimation
     * @param accuracy  the annotator's accuracy, for the one-coin row
     * @param answers   how many answers the annotator gave in the job
     * @param priors    class priors, to spread the answers over the rows
     * @param strength  pseudo-answers of the one-coin row in every row
     */
    public static double[][] confusion(double[][] confusion, double accuracy, int answers, double[] priors,
                                       double strength) {
        int k = confusion.length;
        double[][] oneCoin = OnlinePosterior.oneCoin(k, accuracy);
        double[][] out = new double[k][k];
        for (int truth = 0; truth < k; truth++) {
            double evidence = answers * priors[truth];
            double weight = evidence / (evidence + strength);
            for (int ans = 0; ans < k; ans++) {
                out[truth][ans] = weight * confusion[truth][ans] + (1 - weight) * oneCoin[truth][ans];
            }
        }
        return out;
    }

    /** Class priors blended with the uniform distribution: {@code strength} pseudo-items per class. */
    public static double[] priors(double[] priors, int items, double strength) {
        int k = priors.length;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = (priors[c] * items + strength) / (items + strength * k);
        }
        return out;
    }

    private Shrinkage() {
    }
}

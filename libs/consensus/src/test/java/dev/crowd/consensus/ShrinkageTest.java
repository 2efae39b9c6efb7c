package dev.crowd.consensus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShrinkageTest {

    /** An over-fitted matrix: this annotator's "negative" (column 1) is read as "neutral" (row 2). */
    private static final double[][] OVERFIT = {
        {0.97, 0.01, 0.01, 0.01},
        {0.01, 0.03, 0.95, 0.01},
        {0.01, 0.95, 0.03, 0.01},
        {0.01, 0.01, 0.01, 0.97}};
    private static final double[] UNIFORM = {0.25, 0.25, 0.25, 0.25};

    @Test
    void aFewAnswersLeaveTheOneCoinViewInChargeAndFiveNegativesStayNegative() {
        double[][] cm = Shrinkage.confusion(OVERFIT, 0.9, 6, UNIFORM, 10);
        assertThat(cm[1][1]).isGreaterThan(cm[2][1]); // "negative" answers point to "negative" again
        int[] fiveNegatives = {1, 1, 1, 1, 1};
        double[][][] confusions = {cm, cm, cm, cm, cm};
        double[] posterior = OnlinePosterior.posterior(UNIFORM, fiveNegatives, confusions);
        assertThat(OnlinePosterior.argmax(posterior)).isEqualTo(1);
    }

    @Test
    void muchEvidenceKeepsTheEstimate() {
        double[][] cm = Shrinkage.confusion(OVERFIT, 0.9, 4_000, UNIFORM, 10);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(cm[r][c]).isCloseTo(OVERFIT[r][c], within(0.01));
            }
        }
    }

    @Test
    void rowsAndPriorsStayDistributions() {
        double[][] cm = Shrinkage.confusion(OVERFIT, 0.8, 37, new double[]{0.1, 0.2, 0.3, 0.4}, 10);
        for (double[] row : cm) {
            assertThat(row[0] + row[1] + row[2] + row[3]).isCloseTo(1.0, within(1e-9));
        }
        double[] priors = Shrinkage.priors(new double[]{0.7, 0.1, 0.1, 0.1}, 12, 10);
        assertThat(priors[0] + priors[1] + priors[2] + priors[3]).isCloseTo(1.0, within(1e-9));
        assertThat(priors[0]).isBetween(0.25, 0.7); // pulled towards uniform by 40 pseudo-items against 12 items
    }
}

package dev.crowd.qa.core;

/**
 * The numbers the quality rules run with (crowd.qa.*).
 *
 * @param defaultAccuracy        accuracy presumed of an annotator with no gold answers
 * @param priorStrength          pseudo-answers of {@code defaultAccuracy} blended into gold accuracy
 * @param smoothing              pseudo-answers per confusion cell in the full estimation
 * @param confusionPriorStrength pseudo-answers of the one-coin row blended into each estimated row
 */
public record Rules(double defaultAccuracy, double priorStrength, double smoothing, double confusionPriorStrength) {

    /** Gold accuracy shrunk towards the default: what an annotator's accuracy is before a full estimation. */
    public double shrunkAccuracy(long goldCorrect, long goldTotal) {
        return (goldCorrect + defaultAccuracy * priorStrength) / (goldTotal + priorStrength);
    }
}

package dev.crowd.qa.core;

/**
 * An annotator's quality on one job: review counts and the model's estimate.
 *
 * @param accuracy  estimated probability of a correct answer
 * @param confusion K x K matrix of the last full estimation (shrunk, see Shrinkage), null before it
 */
public record AnnotatorRecord(String workerId, long goldCorrect, long goldTotal, long agreed, long reviewed,
                              double accuracy, double[][] confusion) {

    static AnnotatorRecord fresh(String workerId, double defaultAccuracy) {
        return new AnnotatorRecord(workerId, 0, 0, 0, 0, defaultAccuracy, null);
    }

    /** Adds counted reviews; before the first full estimation the accuracy follows the gold counts. */
    AnnotatorRecord plus(long[] delta, Rules rules) {
        long gc = goldCorrect + (delta == null ? 0 : delta[0]);
        long gt = goldTotal + (delta == null ? 0 : delta[1]);
        long ag = agreed + (delta == null ? 0 : delta[2]);
        long rv = reviewed + (delta == null ? 0 : delta[3]);
        double acc = confusion == null ? rules.shrunkAccuracy(gc, gt) : accuracy;
        return new AnnotatorRecord(workerId, gc, gt, ag, rv, acc, confusion);
    }

    AnnotatorRecord estimated(double newAccuracy, double[][] newConfusion) {
        return new AnnotatorRecord(workerId, goldCorrect, goldTotal, agreed, reviewed, newAccuracy, newConfusion);
    }
}

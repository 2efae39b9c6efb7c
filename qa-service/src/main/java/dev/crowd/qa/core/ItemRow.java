package dev.crowd.qa.core;

import java.util.UUID;

/**
 * The consensus state of one non-gold item: open until the overlap policy resolves it, then fixed.
 *
 * @param slots      judgments asked for so far: the policy minimum plus every request for one more
 * @param judgments  judgments that counted in the last evaluation
 * @param posterior  over the job's labels, null before the first evaluation
 */
public record ItemRow(UUID itemId, boolean resolved, int slots, String label, Double confidence, Double agreement,
                      int judgments, double[] posterior, boolean lowConfidence) {

    static ItemRow open(UUID itemId, int slots) {
        return new ItemRow(itemId, false, slots, null, null, null, 0, null, false);
    }
}

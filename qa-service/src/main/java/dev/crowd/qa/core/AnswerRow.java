package dev.crowd.qa.core;

import java.util.UUID;

/**
 * One annotator's answer on one item (a judgment) as the rules see it.
 *
 * @param gold     the item is a gold item: the answer is checked against its label, never counted in consensus
 * @param excluded the annotator was sanctioned before the item resolved: the answer does not count
 * @param review   the verdict, null until the answer is reviewed; an answer is reviewed once
 * @param held     a gold verdict recorded but not published yet (see {@link JobQualityModel})
 */
public record AnswerRow(UUID id, UUID itemId, UUID assignmentId, String workerId, String label, long timeSpentMillis,
                        boolean gold, boolean excluded, Review review, boolean held) {

    /** A verdict and, for a rejection, why. */
    public record Review(boolean accepted, String reason) {
    }

    AnswerRow reviewed(boolean accepted, String reason, boolean hold) {
        return new AnswerRow(id, itemId, assignmentId, workerId, label, timeSpentMillis, gold, excluded,
                new Review(accepted, reason), hold);
    }

    AnswerRow released() {
        return new AnswerRow(id, itemId, assignmentId, workerId, label, timeSpentMillis, gold, excluded, review, false);
    }

    AnswerRow withExcluded(boolean value) {
        return new AnswerRow(id, itemId, assignmentId, workerId, label, timeSpentMillis, gold, value, review, held);
    }

    AnswerRow asGold() {
        return new AnswerRow(id, itemId, assignmentId, workerId, label, timeSpentMillis, true, excluded, review, held);
    }
}

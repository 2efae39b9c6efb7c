package dev.crowd.consensus;

import java.util.List;
import java.util.Map;

/**
 * Aggregation of one answer type, whatever its shape: given the answers to items and a weight per
 * annotator, a value and a confidence per item. Categorical answers ({@link CategoricalAggregator})
 * are the only type today; multi-label, spans, boxes and transcription implement this with their own
 * answer type ({@code A}) and reuse the per-annotator weights the service already keeps.
 *
 * @param <A> the answer type; an item's value has the same type (a label, a set of labels, a list of
 *            spans, boxes, a transcript)
 */
public interface AnswerAggregator<A> {

    /** The answer type's name, e.g. {@code single-label}. */
    String answerType();

    /**
     * @param answers          every answer to aggregate; an annotator may answer an item only once
     * @param annotatorWeights weight per annotator id (0 or more, any scale); a missing annotator has the
     *                         implementation's default weight
     * @return per item id that has at least one counting answer, its value and confidence in [0, 1]
     */
    Map<String, Estimate<A>> aggregate(List<Answer<A>> answers, Map<String, Double> annotatorWeights);

    /** One annotator's answer to one item. */
    record Answer<A>(String itemId, String annotatorId, A value) {
    }

    /** An item's aggregated value and how sure the aggregation is of it. */
    record Estimate<A>(A value, double confidence) {
    }
}

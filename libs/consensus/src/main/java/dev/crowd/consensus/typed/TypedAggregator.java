package dev.crowd.consensus.typed;

import dev.crowd.answers.Answer;
import dev.crowd.answers.Tokens;

import java.util.List;
import java.util.Map;

/**
 * Consensus for one answer type beyond the single label (multi-label, spans; boxes and transcription
 * later): from every annotator's answers to a job's items, and the known answers of its gold items, an
 * answer and a confidence per item. Implementations estimate each annotator's reliability themselves
 * (from agreement, anchored by gold) so that a reliable minority outweighs a careless majority.
 *
 * @param <A> the answer type
 */
public interface TypedAggregator<A extends Answer> {

    /** The method's name as the benchmark and results print it, e.g. {@code mv} or {@code ds}. */
    String method();

    /**
     * @param answers every answer; an annotator answers an item at most once
     * @param gold    known answers of gold items (may be empty); they anchor the reliability estimates and
     *                are returned as their own estimate with confidence 1
     * @param tokens  the token boundaries of each item's text, for spans; an item without an entry is
     *                segmented by the union of its answers' span boundaries
     * @return per item id with at least one answer (or gold), its answer and confidence in [0, 1]
     */
    Map<String, Estimate<A>> aggregate(List<Judgment<A>> answers, Map<String, A> gold,
                                       Map<String, Tokens.Boundaries> tokens);

    /** One annotator's answer to one item. */
    record Judgment<A>(String itemId, String annotatorId, A value) {
    }

    /** An item's aggregated answer and how sure the aggregation is of it (drives dynamic overlap). */
    record Estimate<A>(A value, double confidence) {
    }
}

package dev.crowd.consensus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-label answers aggregated by a trust-weighted vote ({@link WeightedVote}): an item's value is
 * the label with the largest share of weight, its confidence that share. Answers outside the label set
 * are not counted. Ties go to the label listed first.
 */
public final class CategoricalAggregator implements AnswerAggregator<String> {

    public static final String TYPE = "single-label";

    private final List<String> labels;
    private final double defaultWeight;

    /**
     * @param labels        the job's label set, in order (ties go to the first)
     * @param defaultWeight weight of an annotator without one
     */
    public CategoricalAggregator(List<String> labels, double defaultWeight) {
        this.labels = List.copyOf(labels);
        this.defaultWeight = defaultWeight;
    }

    @Override
    public String answerType() {
        return TYPE;
    }

    @Override
    public Map<String, Estimate<String>> aggregate(List<Answer<String>> answers, Map<String, Double> annotatorWeights) {
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        for (Answer<String> answer : answers) {
            if (labels.contains(answer.value())) {
                builder.answer(answer.itemId(), answer.annotatorId(), answer.value());
            }
        }
        AnswerSet data = builder.build();
        ConsensusResult result = new WeightedVote(annotatorWeights, defaultWeight).aggregate(data);
        Map<String, Estimate<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < data.itemCount(); i++) {
            if (data.start(i) < data.end(i)) {
                out.put(data.itemId(i), new Estimate<>(result.labelOf(i), result.confidence(i)));
            }
        }
        return out;
    }
}

package dev.crowd.consensus;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CategoricalAggregatorTest {

    private final AnswerAggregator<String> aggregator = new CategoricalAggregator(List.of("cat", "dog", "bird"), 1.0);

    private static AnswerAggregator.Answer<String> answer(String item, String annotator, String label) {
        return new AnswerAggregator.Answer<>(item, annotator, label);
    }

    @Test
    void theHeavierAnnotatorWinsAndTheConfidenceIsTheWinningShareOfWeight() {
        var out = aggregator.aggregate(List.of(answer("i1", "a", "cat"), answer("i1", "b", "dog"), answer("i1", "c", "dog")),
                Map.of("a", 3.0, "b", 1.0, "c", 0.5));

        assertThat(out).containsOnlyKeys("i1");
        assertThat(out.get("i1").value()).isEqualTo("cat");
        assertThat(out.get("i1").confidence()).isCloseTo(3.0 / 4.5, within(1e-12));
    }

    @Test
    void missingWeightsTakeTheDefaultTiesGoToTheFirstLabelAndUnknownLabelsDoNotCount() {
        var out = aggregator.aggregate(List.of(answer("i1", "a", "dog"), answer("i1", "b", "cat"),
                answer("i2", "a", "fish"), answer("i3", "a", "bird"), answer("i3", "b", "fish")), Map.of());

        assertThat(out.get("i1")).isEqualTo(new AnswerAggregator.Estimate<>("cat", 0.5));
        assertThat(out).doesNotContainKey("i2");
        assertThat(out.get("i3")).isEqualTo(new AnswerAggregator.Estimate<>("bird", 1.0));
        assertThat(aggregator.answerType()).isEqualTo("single-label");
    }
}

package dev.crowd.qa.core;

import org.junit.jupiter.api.Test;

import static dev.crowd.qa.core.ItemPolicy.Action.REQUEST_ONE_MORE;
import static dev.crowd.qa.core.ItemPolicy.Action.RESOLVE;
import static dev.crowd.qa.core.ItemPolicy.Action.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Policy min 2, max 4, target 0.9, as a table. */
class ItemPolicyTest {

    private static ItemPolicy.Action decide(int counting, int received, int slots, double confidence) {
        return ItemPolicy.decide(2, 4, 0.9, counting, received, slots, confidence, true);
    }

    @Test
    void followsTheOverlapPolicy() {
        assertThat(decide(1, 1, 2, 0.99)).as("below the minimum, even if confident").isEqualTo(WAIT);
        assertThat(decide(2, 2, 2, 0.95)).as("minimum and target reached").isEqualTo(RESOLVE);
        assertThat(decide(2, 2, 2, 0.80)).as("slots filled, not confident").isEqualTo(REQUEST_ONE_MORE);
        assertThat(decide(2, 2, 3, 0.80)).as("a requested judgment is on its way").isEqualTo(WAIT);
        assertThat(decide(3, 3, 3, 0.85)).isEqualTo(REQUEST_ONE_MORE);
        assertThat(decide(4, 4, 4, 0.60)).as("maximum reached").isEqualTo(RESOLVE);
    }

    @Test
    void anItemWhoseSlotsAreUsedUpBySanctionedAnswersStillResolves() {
        // 4 answers, 2 of them from a sanctioned annotator: task-service grants no slot beyond 4
        assertThat(decide(2, 4, 4, 0.80)).isEqualTo(RESOLVE);
        assertThat(decide(2, 3, 4, 0.80)).isEqualTo(WAIT);
    }

    @Test
    void aCancelledJobAsksForNothing() {
        assertThat(ItemPolicy.decide(2, 4, 0.9, 2, 2, 2, 0.5, false)).isEqualTo(WAIT);
        assertThat(ItemPolicy.decide(2, 4, 0.9, 2, 2, 2, 0.95, false)).isEqualTo(RESOLVE);
    }
}

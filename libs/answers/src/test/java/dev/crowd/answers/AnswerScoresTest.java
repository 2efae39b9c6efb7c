package dev.crowd.answers;

import dev.crowd.answers.Answer.Box;
import dev.crowd.answers.Answer.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnswerScoresTest {

    static final AnswerConfig TAGS = AnswerConfig.of(AnswerType.MULTI_LABEL, List.of("a", "b", "c"), null, null, null);

    @Test
    void jaccardOfLabelSetsWithEmptyAgainstEmptyAsAgreement() {
        assertThat(AnswerScores.jaccard(List.of("a", "b"), List.of("a"))).isEqualTo(0.5);
        assertThat(AnswerScores.jaccard(List.of("a"), List.of("b"))).isZero();
        assertThat(AnswerScores.jaccard(List.of(), List.of())).isEqualTo(1.0);
        assertThat(AnswerScores.jaccard(List.of(), List.of("a"))).isZero();
    }

    @Test
    void multiLabelGoldPassesAtTheDefaultHalf() {
        Answer gold = new Answer.MultiLabel(List.of("a", "b"));
        assertThat(AnswerScores.passes(new Answer.MultiLabel(List.of("a")), gold, TAGS.goldPassThreshold(), TAGS)).isTrue();
        assertThat(AnswerScores.passes(new Answer.MultiLabel(List.of("c")), gold, TAGS.goldPassThreshold(), TAGS)).isFalse();
    }

    @Test
    void spanF1CountsOnlyExactMatches() {
        List<Span> truth = List.of(new Span(0, 5, "PER"), new Span(10, 15, "LOC"));
        assertThat(AnswerScores.spanF1(truth, truth)).isEqualTo(1.0);
        assertThat(AnswerScores.spanF1(List.of(new Span(0, 5, "PER"), new Span(10, 15, "PER")), truth)).isEqualTo(0.5);
        assertThat(AnswerScores.spanF1(List.of(new Span(0, 4, "PER")), truth)).isZero();
        assertThat(AnswerScores.spanF1(List.of(), List.of())).isEqualTo(1.0);
    }

    @Test
    void boxesMatchGreedilyBySameClassAndIou() {
        Box truth = new Box("car", 0, 0, 10, 10);
        assertThat(AnswerScores.iou(truth, new Box("car", 5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-12));
        assertThat(AnswerScores.boxF1(List.of(new Box("car", 1, 0, 10, 10)), List.of(truth), 0.5)).isEqualTo(1.0);
        assertThat(AnswerScores.boxF1(List.of(new Box("bus", 0, 0, 10, 10)), List.of(truth), 0.5)).isZero();
        assertThat(AnswerScores.boxF1(List.of(new Box("car", 5, 0, 10, 10)), List.of(truth), 0.5)).isZero();
        assertThat(AnswerScores.boxF1(List.of(), List.of(), 0.5)).isEqualTo(1.0);
        // two predictions on one truth: one matches, the other is a false positive
        assertThat(AnswerScores.boxF1(List.of(truth, new Box("car", 1, 1, 10, 10)), List.of(truth), 0.5))
                .isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void wordErrorRateIsEditDistanceOverReferenceWords() {
        assertThat(AnswerScores.wordErrorRate("the cat sat", "the cat sat")).isZero();
        assertThat(AnswerScores.wordErrorRate("the bat sat", "the cat sat")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(AnswerScores.wordErrorRate("the cat", "the cat sat down")).isEqualTo(0.5);
        AnswerConfig speech = AnswerConfig.of(AnswerType.TRANSCRIPTION, List.of(), null, null, null);
        assertThat(AnswerScores.score(new Answer.Transcription("a b c d e f"), new Answer.Transcription("x"), speech)).isZero();
    }

    @Test
    void differencesAreNamedForRejectionReasons() {
        assertThat(AnswerDiff.describe(new Answer.MultiLabel(List.of("a", "c")), new Answer.MultiLabel(List.of("a", "b")), TAGS))
                .isEqualTo("missing: b; extra: c");
        AnswerConfig ner = AnswerConfig.of(AnswerType.SPANS, List.of("PER"), null, null, null);
        assertThat(AnswerDiff.describe(new Answer.Spans(List.of()), new Answer.Spans(List.of(new Span(0, 5, "PER"))), ner))
                .isEqualTo("missing: PER 0–5");
        assertThat(AnswerDiff.describe(new Answer.SingleLabel("a"), new Answer.SingleLabel("b"), AnswerConfig.singleLabel(List.of("a", "b"))))
                .isEqualTo("expected b, answered a");
    }
}

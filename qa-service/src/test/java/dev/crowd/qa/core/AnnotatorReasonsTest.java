package dev.crowd.qa.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Appeals must not tell an annotator which of their rejected answers were on gold items. */
class AnnotatorReasonsTest {

    @Test
    void aRejectionAgainstGoldReadsExactlyLikeOneAgainstConsensus() {
        JobQualityModel model = JobQualityModelTest.model(2, 2, 0.5, Map.of(JobQualityModelTest.GOLD_ITEM, "cat"));
        Change gold = model.answered(List.of(JobQualityModelTest.answer("w1", JobQualityModelTest.GOLD_ITEM, "dog")),
                Set.of());
        Change consensus = model.answered(List.of(JobQualityModelTest.answer("w1", JobQualityModelTest.ITEM, "dog"),
                JobQualityModelTest.answer("w2", JobQualityModelTest.ITEM, "cat"),
                JobQualityModelTest.answer("w3", JobQualityModelTest.ITEM, "cat")), Set.of());
        String goldReason = JobQualityModelTest.verdictOf(gold, "w1").reason();
        String consensusReason = JobQualityModelTest.verdictOf(consensus, "w1").reason();
        assertThat(goldReason).startsWith("gold:");
        assertThat(consensusReason).startsWith("consensus:");

        String toAnnotatorGold = AnnotatorReasons.forAnnotator(goldReason, false);
        String toAnnotatorConsensus = AnnotatorReasons.forAnnotator(consensusReason, false);

        assertThat(toAnnotatorGold).isEqualTo(toAnnotatorConsensus);
        assertThat(toAnnotatorGold).doesNotContainIgnoringCase("control").doesNotContainIgnoringCase("gold")
                .doesNotContain("cat");
    }

    @Test
    void anUpheldAppealReadsTheSameForGoldAndConsensus() {
        assertThat(AnnotatorReasons.forAnnotator("appeal upheld (was: gold: expected cat, answered dog)", true))
                .isEqualTo(AnnotatorReasons.forAnnotator("appeal upheld (was: consensus: cat (confidence 0.71), answered dog)", true))
                .isEqualTo("appeal upheld");
    }

    @Test
    void reasonsThatSayNothingAboutGoldStayAsTheyAre() {
        assertThat(AnnotatorReasons.forAnnotator("label not in the job's label set: fish", false))
                .isEqualTo("label not in the job's label set: fish");
        assertThat(AnnotatorReasons.forAnnotator(null, true)).isNull();
    }
}

package dev.crowd.qa.core;

import dev.crowd.contracts.quality.AnswersReviewed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The resolve, review, gold and score rules of one job, without a database or a broker. */
class JobQualityModelTest {

    static final Rules RULES = new Rules(0.7, 4, 1.0, 10);
    static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID ITEM = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID GOLD_ITEM = UUID.fromString("00000000-0000-0000-0000-000000000002");

    static JobQualityModel model(int min, int max, double target, Map<UUID, String> gold) {
        return new JobQualityModel(RULES, new JobPolicy(JOB, List.of("cat", "dog"), min, max, target, true, null),
                gold, List.of(), List.of(), List.of(), UUID::randomUUID);
    }

    static Intake.NewAnswer answer(String worker, UUID item, String label) {
        return new Intake.NewAnswer(UUID.randomUUID(), worker, item, label, 1_000);
    }

    static AnswersReviewed.Verdict verdictOf(Change change, String worker) {
        return change.verdicts().stream().filter(v -> v.workerId().equals(worker)).findFirst().orElseThrow();
    }

    @Test
    void aGoldVerdictIsPublishedNoEarlierThanTheConsensusVerdictsOfItsMicroJob() {
        JobQualityModel model = model(2, 2, 0.5, Map.of(GOLD_ITEM, "cat"));
        UUID assignment = UUID.randomUUID();

        Change submitted = model.answered(List.of(new Intake.NewAnswer(assignment, "w1", GOLD_ITEM, "dog", 10),
                new Intake.NewAnswer(assignment, "w1", ITEM, "dog", 10)), Set.of());

        assertThat(submitted.verdicts()).isEmpty(); // judged (the record moved), not published
        assertThat(model.record("w1").goldTotal()).isOne();
        Change resolved = model.answered(List.of(answer("w2", ITEM, "dog")), Set.of());
        assertThat(resolved.verdicts()).extracting(AnswersReviewed.Verdict::itemId)
                .containsExactlyInAnyOrder(ITEM, ITEM, GOLD_ITEM);
        assertThat(resolved.verdicts()).filteredOn(v -> v.itemId().equals(GOLD_ITEM)).singleElement()
                .satisfies(v -> assertThat(v.reason()).isEqualTo("gold: expected cat, answered dog"));
    }

    @Test
    void goldIsCheckedAtOnceAndMovesTheAnnotatorsAccuracyTowardsTheirGoldRecord() {
        JobQualityModel model = model(1, 1, 0, Map.of(GOLD_ITEM, "cat"));

        // a micro-job of gold only: nothing to wait for, the verdict is published at once
        Change change = model.answered(List.of(answer("w1", GOLD_ITEM, "dog")), Set.of());

        assertThat(change.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.accepted()).isFalse();
            assertThat(v.reason()).isEqualTo("gold: expected cat, answered dog");
        });
        assertThat(change.resolutions()).isEmpty();
        assertThat(change.items()).isEmpty(); // gold never enters consensus
        AnnotatorRecord record = change.records().get("w1");
        assertThat(record.goldCorrect()).isZero();
        assertThat(record.goldTotal()).isOne();
        assertThat(record.accuracy()).isCloseTo((0 + 0.7 * 4) / (1 + 4), within(1e-12));
        assertThat(change.isCreatedRecord("w1")).isTrue();
        assertThat(change.scored()).containsExactly("w1");
    }

    @Test
    void twoAgreeingAnswersResolveAboveTheTargetAndBothAreAccepted() {
        JobQualityModel model = model(2, 3, 0.8, Map.of());

        Change first = model.answered(List.of(answer("w1", ITEM, "cat")), Set.of());
        assertThat(first.resolutions()).isEmpty();
        assertThat(first.requested()).isEmpty(); // one of the two slots asked for is still open
        Change second = model.answered(List.of(answer("w2", ITEM, "cat")), Set.of());

        // posterior of cat with two annotators of accuracy 0.7: 0.49 / (0.49 + 0.09)
        assertThat(second.resolutions()).singleElement().satisfies(r -> {
            assertThat(r.label()).isEqualTo("cat");
            assertThat(r.confidence()).isCloseTo(0.49 / 0.58, within(1e-9));
            assertThat(r.agreement()).isEqualTo(1.0);
            assertThat(r.judgments()).isEqualTo(2);
            assertThat(r.lowConfidence()).isFalse();
        });
        assertThat(second.verdicts()).hasSize(2).allMatch(AnswersReviewed.Verdict::accepted);
        assertThat(model.record("w1").agreed()).isOne();
        assertThat(model.record("w1").reviewed()).isOne();
        assertThat(model.item(ITEM).resolved()).isTrue();
    }

    @Test
    void aSplitAsksForOneMoreThenTheMaximumResolvesAndTheOutvotedAnswerIsRejected() {
        JobQualityModel model = model(2, 3, 0.95, Map.of());

        Change split = model.answered(List.of(answer("w1", ITEM, "cat"), answer("w2", ITEM, "dog")), Set.of());
        assertThat(split.requested()).containsExactly(ITEM);
        assertThat(model.item(ITEM).slots()).isEqualTo(3);

        Change third = model.answered(List.of(answer("w3", ITEM, "cat")), Set.of());

        assertThat(third.resolutions()).singleElement().satisfies(r -> {
            assertThat(r.label()).isEqualTo("cat");
            assertThat(r.lowConfidence()).isTrue(); // resolved at the maximum, below the target
        });
        AnswersReviewed.Verdict rejected = verdictOf(third, "w2");
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.reason()).matches("consensus: cat \\(confidence 0\\.\\d\\d\\), answered dog");
        assertThat(model.record("w2").reviewed()).isOne();
        assertThat(model.record("w2").agreed()).isZero();
    }

    @Test
    void aLoneAnswerIsAcceptedAndLeftOutOfTheAgreementStatistics() {
        JobQualityModel model = model(1, 1, 0.99, Map.of());

        Change change = model.answered(List.of(answer("w1", ITEM, "dog")), Set.of());

        assertThat(change.resolutions()).hasSize(1);
        assertThat(verdictOf(change, "w1").accepted()).isTrue();
        assertThat(model.record("w1").reviewed()).isZero();
    }

    @Test
    void aTieGoesToTheLabelListedFirst() {
        JobQualityModel model = model(2, 2, 0.99, Map.of());

        Change change = model.answered(List.of(answer("w1", ITEM, "dog"), answer("w2", ITEM, "cat")), Set.of());

        assertThat(change.resolutions()).singleElement().satisfies(r -> assertThat(r.label()).isEqualTo("cat"));
    }

    @Test
    void aLabelOutsideTheSetIsRejectedAtOnceAndNeverCounts() {
        JobQualityModel model = model(1, 2, 0.5, Map.of());

        Change change = model.answered(List.of(answer("w1", ITEM, "fish")), Set.of());

        assertThat(verdictOf(change, "w1").reason()).isEqualTo("label not in the job's label set: fish");
        assertThat(change.items()).isEmpty();
    }

    @Test
    void aSanctionedAnnotatorsAnswerDoesNotCountAndIsRejectedWhenTheItemResolves() {
        JobQualityModel model = model(1, 2, 0.5, Map.of());

        Change spam = model.answered(List.of(answer("spammer", ITEM, "dog")), Set.of("spammer"));
        assertThat(spam.resolutions()).isEmpty();
        assertThat(spam.requested()).containsExactly(ITEM); // its one slot is filled by an answer that does not count
        Change honest = model.answered(List.of(answer("w1", ITEM, "cat")), Set.of());

        assertThat(honest.resolutions()).singleElement().satisfies(r -> assertThat(r.judgments()).isOne());
        assertThat(verdictOf(honest, "spammer").reason()).isEqualTo("excluded: annotator sanctioned before the item was resolved");
        assertThat(verdictOf(honest, "w1").accepted()).isTrue();
    }

    @Test
    void aSanctionExcludesOpenAnswersAndReAggregatesTheirItems() {
        JobQualityModel model = model(2, 3, 0.8, Map.of());
        model.answered(List.of(answer("spammer", ITEM, "dog")), Set.of());

        Change change = model.sanctioned("spammer");

        assertThat(change.updated().values()).singleElement().satisfies(a -> assertThat(a.excluded()).isTrue());
        assertThat(model.item(ITEM).judgments()).isZero();
        assertThat(change.newJudgments()).isTrue();
        assertThat(change.scored()).containsExactly("spammer");
        assertThat(model.sanctioned("spammer").updated()).isEmpty(); // nothing open is left to exclude
    }

    @Test
    void aLateAnswerToAResolvedItemIsReviewedAgainstItAndTheItemStays() {
        JobQualityModel model = model(2, 2, 0.5, Map.of());
        model.answered(List.of(answer("w1", ITEM, "cat"), answer("w2", ITEM, "cat")), Set.of());

        Change late = model.answered(List.of(answer("w3", ITEM, "dog")), Set.of());

        assertThat(late.resolutions()).isEmpty();
        assertThat(late.items()).isEmpty();
        assertThat(verdictOf(late, "w3").accepted()).isFalse();
        assertThat(model.item(ITEM).label()).isEqualTo("cat");
    }

    @Test
    void goldThatArrivesAfterAnswersJudgesThemAndTakesTheOpenItemOutOfConsensus() {
        JobQualityModel model = model(2, 3, 0.99, Map.of());
        model.answered(List.of(answer("w1", ITEM, "dog")), Set.of());

        Change change = model.goldArrived(Map.of(ITEM, "cat"));

        assertThat(change.openItemsLeavingConsensus()).containsExactly(ITEM);
        assertThat(verdictOf(change, "w1").reason()).isEqualTo("gold: expected cat, answered dog");
        assertThat(model.record("w1").goldTotal()).isOne();
        assertThat(model.item(ITEM)).isNull();
        assertThat(model.answered(List.of(answer("w2", ITEM, "cat")), Set.of()).verdicts())
                .singleElement().satisfies(v -> assertThat(v.accepted()).isTrue());
    }

    @Test
    void reEstimationStoresEveryAnnotatorsMatrixAndThePriorsAndAnnouncesThem() {
        JobQualityModel model = model(3, 3, 0.99, Map.of(GOLD_ITEM, "cat"));
        model.answered(List.of(answer("w1", GOLD_ITEM, "cat"), answer("w2", GOLD_ITEM, "dog"),
                answer("w1", ITEM, "cat"), answer("w2", ITEM, "dog")), Set.of());

        Change change = model.reestimated();

        assertThat(change.estimatedPriors()).hasSize(2);
        assertThat(change.scored()).containsExactly("w1", "w2");
        assertThat(model.record("w1").confusion()).hasDimensions(2, 2);
        assertThat(model.record("w1").accuracy()).isGreaterThan(model.record("w2").accuracy());
        assertThat(model.job().priors()).isEqualTo(change.estimatedPriors());
    }

    @Test
    void aRedeliveredAnswerIsNotNew() {
        Intake.NewAnswer a = answer("w1", ITEM, "cat");
        var submission = new dev.crowd.contracts.work.AssignmentSubmitted(UUID.randomUUID(), java.time.Instant.now(),
                JOB, a.assignmentId(), "w1", List.of(new dev.crowd.contracts.work.AssignmentSubmitted.Answer(ITEM, "cat", 5)));

        assertThat(Intake.fresh(List.of(submission, submission), List.of())).hasSize(1);
        assertThat(Intake.fresh(List.of(submission), List.of(List.of(a.assignmentId(), ITEM)))).isEmpty();
    }
}

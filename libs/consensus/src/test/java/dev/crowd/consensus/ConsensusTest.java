package dev.crowd.consensus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The consensus methods on hand-computed cases and the invariants every method must keep. */
class ConsensusTest {

    private static final List<Aggregator> ALL = List.of(new MajorityVote(), WeightedVote.byAgreement(),
            new WeightedVote(Map.of(), 1), new DawidSkene(), new OneCoinDawidSkene(), new Glad());

    record Answer(String item, String worker, String label) {
    }

    @Test
    void majorityVoteTakesTheMostVotedLabelWithItsShareAsConfidence() {
        AnswerSet data = AnswerSet.builder(List.of("cat", "dog"))
                .answer("i1", "w1", "dog").answer("i1", "w2", "dog").answer("i1", "w3", "cat")
                .build();
        ConsensusResult result = new MajorityVote().aggregate(data);

        assertThat(result.labelOf(0)).isEqualTo("dog");
        assertThat(result.confidence(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(result.worker(data.workerIndex("w3")).accuracy()).isZero();
        assertThat(result.worker(data.workerIndex("w1")).accuracy()).isEqualTo(1.0);
    }

    @Test
    void aTieGoesToTheLabelListedFirstInTheLabelSetWhateverTheAnswerOrder() {
        for (List<String> labels : List.of(List.of("cat", "dog"), List.of("dog", "cat"))) {
            AnswerSet forward = AnswerSet.builder(labels).answer("i", "w1", "cat").answer("i", "w2", "dog").build();
            AnswerSet backward = AnswerSet.builder(labels).answer("i", "w2", "dog").answer("i", "w1", "cat").build();
            for (Aggregator method : ALL) {
                assertThat(method.aggregate(forward).labelOf(0)).as(method.name()).isEqualTo(labels.getFirst());
                assertThat(method.aggregate(backward).labelOf(0)).as(method.name()).isEqualTo(labels.getFirst());
            }
        }
    }

    @Test
    void weightedVoteFollowsTrust() {
        AnswerSet data = AnswerSet.builder(List.of("a", "b"))
                .answer("i", "trusted", "b").answer("i", "new1", "a").answer("i", "new2", "a").build();
        ConsensusResult result = new WeightedVote(Map.of("trusted", 90.0, "new1", 20.0), 10).aggregate(data);

        assertThat(result.labelOf(0)).isEqualTo("b");
        assertThat(result.confidence(0)).isCloseTo(90.0 / 120, within(1e-12));
        // weight 0: the worker does not count at all
        ConsensusResult muted = new WeightedVote(Map.of("trusted", 0.0), 1).aggregate(data);
        assertThat(muted.labelOf(0)).isEqualTo("a");
        assertThat(muted.confidence(0)).isEqualTo(1.0);
    }

    @Test
    void dawidSkeneOneIterationMatchesTheHandComputedUpdate() {
        // i1: w1=x, w2=x; i2: w1=y, w2=x. Start (vote shares): i1 = (1, 0), i2 = (.5, .5).
        AnswerSet data = AnswerSet.builder(List.of("x", "y"))
                .answer("i1", "w1", "x").answer("i1", "w2", "x")
                .answer("i2", "w1", "y").answer("i2", "w2", "x").build();
        double s = 0.001;
        double d = 0.1;
        ConsensusResult result = new DawidSkene(s, d, 1.0, 1, 0).aggregate(data);

        // M-step (s per cell, d more on the diagonal): w1 P(y|x) = (.5+s)/(1.5+2s+d), P(y|y) = (.5+s+d)/(.5+2s+d);
        // w2 P(x|x) = (1.5+s+d)/(1.5+2s+d), P(x|y) = (.5+s)/(.5+2s+d); priors (add-one) x = 2.5/4, y = 1.5/4.
        double px = 2.5 / 4 * (0.5 + s) / (1.5 + 2 * s + d) * (1.5 + s + d) / (1.5 + 2 * s + d);
        double py = 1.5 / 4 * (0.5 + s + d) / (0.5 + 2 * s + d) * (0.5 + s) / (0.5 + 2 * s + d);
        assertThat(result.posterior(1)[0]).isCloseTo(px / (px + py), within(1e-12));
        assertThat(result.worker(data.workerIndex("w1")).confusion()[0][1])
                .isCloseTo((0.5 + s) / (1.5 + 2 * s + d), within(1e-12));
        assertThat(result.worker(data.workerIndex("w2")).confusion()[1][0])
                .isCloseTo((0.5 + s) / (0.5 + 2 * s + d), within(1e-12));
    }

    @Test
    void onlinePosteriorIsBayesRuleOverTheWorkersConfusion() {
        double[][] seventy = OnlinePosterior.oneCoin(2, 0.7);
        double[] p = OnlinePosterior.posterior(new double[]{0.5, 0.5}, new int[]{1, 1}, new double[][][]{seventy, seventy});

        assertThat(p[1]).isCloseTo(0.49 / (0.49 + 0.09), within(1e-12));
        double[] three = OnlinePosterior.posterior(new double[]{0.5, 0.5}, new int[]{1, 1, 0},
                new double[][][]{seventy, seventy, seventy});
        assertThat(three[1]).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void perfectWorkersGiveTheTruth() {
        List<String> labels = List.of("a", "b", "c", "d");
        Random random = new Random(7);
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        String[] truth = new String[60];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = labels.get(random.nextInt(labels.size()));
            for (int w = 0; w < 3; w++) {
                builder.answer("item-" + i, "w" + ((i + w) % 7), truth[i]);
            }
        }
        AnswerSet data = builder.build();
        for (Aggregator method : ALL) {
            ConsensusResult result = method.aggregate(data);
            for (int i = 0; i < truth.length; i++) {
                int index = data.itemIndex("item-" + i);
                assertThat(result.labelOf(index)).as(method.name()).isEqualTo(truth[i]);
                assertThat(result.confidence(index)).as(method.name()).isGreaterThan(0.9);
            }
        }
        ConsensusResult ds = new DawidSkene().aggregate(data);
        for (int w = 0; w < data.workerCount(); w++) {
            assertThat(ds.worker(w).accuracy()).isGreaterThan(0.99);
        }
    }

    @Test
    void renamingAndReorderingWorkersAndItemsChangesNothing() {
        List<Answer> answers = noisyAnswers(new Random(11), 200, 12, List.of("a", "b", "c"));
        Map<String, String> renamedItem = new java.util.HashMap<>();
        Map<String, String> renamedWorker = new java.util.HashMap<>();
        Random random = new Random(3);
        for (Answer a : answers) {
            renamedItem.computeIfAbsent(a.item(), x -> "z" + random.nextInt(1_000_000) + "-" + x.hashCode());
            renamedWorker.computeIfAbsent(a.worker(), x -> "anon" + random.nextInt(1_000_000) + x.length());
        }
        List<Answer> shuffled = new ArrayList<>(answers);
        Collections.shuffle(shuffled, new Random(5));
        AnswerSet original = build(answers, List.of("a", "b", "c"), Map.of(), Map.of());
        AnswerSet reordered = build(shuffled, List.of("a", "b", "c"), renamedItem, renamedWorker);

        for (Aggregator method : ALL) {
            ConsensusResult r1 = method.aggregate(original);
            ConsensusResult again = method.aggregate(build(shuffled, List.of("a", "b", "c"), Map.of(), Map.of()));
            ConsensusResult r2 = method.aggregate(reordered);
            for (int i = 0; i < original.itemCount(); i++) {
                String id = original.itemId(i);
                // same ids, other order: bit-identical
                assertThat(again.posterior(again.data().itemIndex(id))).as(method.name()).containsExactly(r1.posterior(i));
                // renamed: the same labels, posteriors equal up to rounding of sums taken in another order
                int j = reordered.itemIndex(renamedItem.get(id));
                assertThat(r2.labelOf(j)).as(method.name()).isEqualTo(r1.labelOf(i));
                assertThat(r2.confidence(j)).as(method.name()).isCloseTo(r1.confidence(i), within(1e-9));
            }
        }
    }

    @Test
    void aWorkerWhoAlwaysAnswersTheSameLabelGetsNoWeightInDawidSkene() {
        List<String> labels = List.of("a", "b", "c");
        List<Answer> answers = noisyAnswers(new Random(21), 300, 10, labels);
        List<Answer> withConstant = new ArrayList<>(answers);
        answers.stream().map(Answer::item).distinct().forEach(item -> withConstant.add(new Answer(item, "lazy", "b")));

        // Run both to full convergence, so that only the extra worker differs, and without the diagonal
        // prior, whose presumption "better than chance" is itself a (small) weight.
        DawidSkene ds = new DawidSkene(0.001, 0, 1.0, 2_000, 0);
        ConsensusResult without = ds.aggregate(build(answers, labels, Map.of(), Map.of()));
        AnswerSet data = build(withConstant, labels, Map.of(), Map.of());
        ConsensusResult with = ds.aggregate(data);
        ConsensusResult defaults = new DawidSkene().aggregate(data);
        ConsensusResult defaultsWithout = new DawidSkene().aggregate(build(answers, labels, Map.of(), Map.of()));
        for (int i = 0; i < data.itemCount(); i++) {
            assertThat(defaults.labelOf(i)).isEqualTo(defaultsWithout.labelOf(i));
        }

        for (int i = 0; i < data.itemCount(); i++) {
            assertThat(with.labelOf(i)).isEqualTo(without.labelOf(i));
            assertThat(with.confidence(i)).isCloseTo(without.confidence(i), within(1e-3));
        }
        // its confusion rows are all alike: its answer carries no evidence about the truth
        double[][] lazy = with.worker(data.workerIndex("lazy")).confusion();
        for (double[] row : lazy) {
            assertThat(row[1]).isCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void goldItemsAnchorDawidSkeneEvenAgainstAUnanimousMajority() {
        // Three workers who always give the opposite label: the majority is always wrong.
        List<String> labels = List.of("yes", "no");
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        Random random = new Random(1);
        String[] truth = new String[40];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = random.nextBoolean() ? "yes" : "no";
            String flipped = truth[i].equals("yes") ? "no" : "yes";
            for (String w : List.of("w1", "w2", "w3")) {
                builder.answer("i" + i, w, flipped);
            }
            if (i < 8) {
                builder.gold("i" + i, truth[i]);
            }
        }
        AnswerSet data = builder.build();
        ConsensusResult ds = new DawidSkene().aggregate(data);
        ConsensusResult mv = new MajorityVote().aggregate(data);

        for (int i = 0; i < truth.length; i++) {
            int index = data.itemIndex("i" + i);
            assertThat(ds.labelOf(index)).isEqualTo(truth[i]);
            if (i < 8) {
                assertThat(ds.confidence(index)).isEqualTo(1.0);
                assertThat(mv.labelOf(index)).as("gold wins in every method").isEqualTo(truth[i]);
            } else {
                assertThat(mv.labelOf(index)).isNotEqualTo(truth[i]);
            }
        }
        assertThat(ds.worker(0).accuracy()).isLessThan(0.01);
    }

    @Test
    void dawidSkeneBeatsMajorityVoteWhenGoodWorkersAreOutnumbered() {
        List<String> labels = List.of("a", "b");
        Random random = new Random(99);
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        String[] truth = new String[400];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = labels.get(random.nextInt(2));
            String other = truth[i].equals("a") ? "b" : "a";
            builder.answer("i" + i, "expert", random.nextDouble() < 0.95 ? truth[i] : other);
            builder.answer("i" + i, "expert2", random.nextDouble() < 0.95 ? truth[i] : other);
            for (int s = 0; s < 3; s++) {
                builder.answer("i" + i, "spam" + s, random.nextDouble() < 0.55 ? truth[i] : other);
            }
        }
        AnswerSet data = builder.build();
        assertThat(accuracy(new DawidSkene().aggregate(data), truth)).isGreaterThan(accuracy(new MajorityVote().aggregate(data), truth) + 0.05);
        assertThat(accuracy(new Glad().aggregate(data), truth)).isGreaterThan(0.9);
        assertThat(accuracy(new OneCoinDawidSkene().aggregate(data), truth)).isGreaterThan(0.9);
    }

    @Test
    void itemsWithoutAnswersHaveNoLabelAndUnknownLabelsAreRefused() {
        AnswerSet data = AnswerSet.builder(List.of("a", "b")).item("empty").answer("i", "w", "a").build();
        for (Aggregator method : ALL) {
            ConsensusResult result = method.aggregate(data);
            assertThat(result.labelOf(data.itemIndex("empty"))).isNull();
            assertThat(result.confidence(data.itemIndex("empty"))).isZero();
        }
        assertThatThrownBy(() -> AnswerSet.builder(List.of("a")).answer("i", "w", "zebra"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double accuracy(ConsensusResult result, String[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].equals(result.labelOf(result.data().itemIndex("i" + i)))) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    private static List<Answer> noisyAnswers(Random random, int items, int workers, List<String> labels) {
        double[] skill = new double[workers];
        for (int w = 0; w < workers; w++) {
            skill[w] = 0.4 + 0.55 * random.nextDouble();
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String truth = labels.get(random.nextInt(labels.size()));
            for (int j = 0; j < 4; j++) {
                int w = random.nextInt(workers);
                String label = random.nextDouble() < skill[w] ? truth : labels.get(random.nextInt(labels.size()));
                answers.add(new Answer("item" + i, "worker" + w, label));
            }
        }
        return answers;
    }

    private static AnswerSet build(List<Answer> answers, List<String> labels, Map<String, String> itemNames,
                                   Map<String, String> workerNames) {
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        for (Answer a : answers) {
            builder.answer(itemNames.getOrDefault(a.item(), a.item()), workerNames.getOrDefault(a.worker(), a.worker()),
                    a.label());
        }
        return builder.build();
    }
}

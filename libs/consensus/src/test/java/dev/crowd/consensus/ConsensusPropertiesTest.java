package dev.crowd.consensus;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Invariants of every method over generated crowds: each seed draws the number of classes, items,
 * workers, skills and answers (40 seeds per property, reproducible).
 */
class ConsensusPropertiesTest {

    static Stream<Long> seeds() {
        return LongStream.range(0, 40).map(s -> s * 7_919 + 13).boxed();
    }

    private static final List<Aggregator> METHODS = List.of(new MajorityVote(), WeightedVote.byAgreement(),
            new DawidSkene(), new OneCoinDawidSkene(), new Glad());

    record Answer(String item, String worker, String label) {
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answerOrderAndIdsDoNotChangeTheResult(long seed) {
        Random random = new Random(seed);
        int classes = 2 + random.nextInt(4);
        List<String> labels = labels(classes);
        List<Answer> answers = crowd(random, labels, 1 + random.nextInt(40), 1 + random.nextInt(8));
        List<Answer> shuffled = new ArrayList<>(answers);
        Collections.shuffle(shuffled, random);
        // renaming keeps no order: a random prefix per id
        List<Answer> renamed = shuffled.stream().map(a -> new Answer(Integer.toHexString(a.item().hashCode() * 31 + 7)
                + "/" + a.item(), "x" + Integer.toHexString(a.worker().hashCode() * 17) + a.worker(), a.label())).toList();

        AnswerSet original = build(answers, labels);
        AnswerSet reordered = build(shuffled, labels);
        AnswerSet other = build(renamed, labels);
        for (Aggregator method : METHODS) {
            ConsensusResult r1 = method.aggregate(original);
            ConsensusResult r2 = method.aggregate(reordered);
            ConsensusResult r3 = method.aggregate(other);
            for (int i = 0; i < original.itemCount(); i++) {
                String id = original.itemId(i);
                int j = reordered.itemIndex(id);
                assertThat(r2.posterior(j)).as(method.name()).containsExactly(r1.posterior(i));
                assertThat(r2.labelOf(j)).isEqualTo(r1.labelOf(i));
                int k = other.itemIndex(Integer.toHexString(id.hashCode() * 31 + 7) + "/" + id);
                if (r1.confidence(i) - secondBest(r1.posterior(i)) > 1e-6) {
                    assertThat(r3.labelOf(k)).as(method.name()).isEqualTo(r1.labelOf(i));
                }
                assertThat(r3.confidence(k)).as(method.name()).isCloseTo(r1.confidence(i), within(1e-6));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void posteriorsAreDistributionsAndGoldIsRespected(long seed) {
        Random random = new Random(seed);
        int classes = 2 + random.nextInt(5);
        List<String> labels = labels(classes);
        List<Answer> answers = crowd(random, labels, 1 + random.nextInt(30), 1 + random.nextInt(6));
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        answers.forEach(a -> builder.answer(a.item(), a.worker(), a.label()));
        String goldItem = answers.getFirst().item();
        String goldLabel = labels.get(random.nextInt(classes));
        builder.gold(goldItem, goldLabel);
        AnswerSet data = builder.build();
        for (Aggregator method : METHODS) {
            ConsensusResult result = method.aggregate(data);
            for (int i = 0; i < data.itemCount(); i++) {
                double sum = 0;
                for (double p : result.posterior(i)) {
                    assertThat(p).isBetween(0.0, 1.0);
                    sum += p;
                }
                assertThat(sum).as(method.name()).isCloseTo(1.0, within(1e-9));
            }
            int g = data.itemIndex(goldItem);
            assertThat(result.labelOf(g)).as(method.name()).isEqualTo(goldLabel);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void unanimousPerfectWorkersAreFollowed(long seed) {
        Random random = new Random(seed);
        int classes = 2 + random.nextInt(7);
        List<String> labels = labels(classes);
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        List<String> truth = new ArrayList<>();
        int items = 5 + random.nextInt(40);
        for (int i = 0; i < items; i++) {
            truth.add(labels.get(random.nextInt(classes)));
            for (int w = 0; w < 3; w++) {
                builder.answer("i" + i, "w" + random.nextInt(5) + "-" + w, truth.get(i));
            }
        }
        AnswerSet data = builder.build();
        for (Aggregator method : METHODS) {
            ConsensusResult result = method.aggregate(data);
            for (int i = 0; i < items; i++) {
                assertThat(result.labelOf(data.itemIndex("i" + i))).as(method.name()).isEqualTo(truth.get(i));
            }
        }
    }

    private static double secondBest(double[] p) {
        double[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length > 1 ? sorted[sorted.length - 2] : 0;
    }

    private static List<String> labels(int classes) {
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            labels.add("L" + k);
        }
        return labels;
    }

    private static List<Answer> crowd(Random random, List<String> labels, int items, int workers) {
        double[] skill = new double[workers];
        for (int w = 0; w < workers; w++) {
            skill[w] = random.nextDouble();
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String truth = labels.get(random.nextInt(labels.size()));
            int n = 1 + random.nextInt(5);
            for (int j = 0; j < n; j++) {
                int w = random.nextInt(workers);
                String label = random.nextDouble() < skill[w] ? truth : labels.get(random.nextInt(labels.size()));
                answers.add(new Answer("item" + i, "worker" + w, label));
            }
        }
        return answers;
    }

    private static AnswerSet build(List<Answer> answers, List<String> labels) {
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        answers.forEach(a -> builder.answer(a.item(), a.worker(), a.label()));
        return builder.build();
    }
}

package dev.crowd.qa.core;

import dev.crowd.contracts.quality.AnswersReviewed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random jobs played on one model (answers from annotators of random skill, sanctions, late gold,
 * re-estimations, in random order), then completed: a resolved item never flips and never resolves
 * without an ItemResolved, and every answer gets exactly one verdict. Seeded: a failure names its seed.
 */
class JobQualityModelPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resolvedItemsNeverFlipAndEveryAnswerGetsExactlyOneVerdict(long seed) {
        Random random = new Random(seed);
        List<String> labels = List.of("a", "b", "c", "d").subList(0, 2 + random.nextInt(3));
        int min = 1 + random.nextInt(3);
        int max = min + random.nextInt(3);
        double target = random.nextDouble();
        List<UUID> items = new ArrayList<>();
        for (int i = 0, n = 3 + random.nextInt(10); i < n; i++) {
            items.add(new UUID(seed, i));
        }
        Map<UUID, String> truth = new HashMap<>();
        items.forEach(i -> truth.put(i, labels.get(random.nextInt(labels.size()))));
        Map<UUID, String> gold = new HashMap<>();
        items.stream().filter(i -> random.nextInt(5) == 0).forEach(i -> gold.put(i, truth.get(i)));
        List<String> workers = new ArrayList<>();
        Map<String, Double> skill = new HashMap<>();
        for (int w = 0, n = 2 + random.nextInt(6); w < n; w++) {
            workers.add("w" + w);
            skill.put("w" + w, random.nextDouble());
        }
        long[] ids = {0};
        JobQualityModel model = new JobQualityModel(JobQualityModelTest.RULES,
                new JobPolicy(UUID.randomUUID(), labels, min, max, target, true, null), gold,
                List.of(), List.of(), List.of(), () -> new UUID(seed, 1_000_000 + ids[0]++));
        Play play = new Play(model);
        Set<String> sanctioned = new HashSet<>();
        Map<UUID, Set<String>> answeredBy = new HashMap<>();

        for (int step = 0, steps = 5 + random.nextInt(30); step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 7) {
                List<Intake.NewAnswer> batch = new ArrayList<>();
                Map<String, UUID> microJob = new HashMap<>(); // one assignment per annotator and batch
                for (int a = 0, n = 1 + random.nextInt(4); a < n; a++) {
                    String worker = workers.get(random.nextInt(workers.size()));
                    UUID item = items.get(random.nextInt(items.size()));
                    if (answeredBy.computeIfAbsent(item, i -> new HashSet<>()).add(worker)) {
                        String label = random.nextDouble() < skill.get(worker) ? truth.get(item)
                                : random.nextInt(20) == 0 ? "off-label" : labels.get(random.nextInt(labels.size()));
                        batch.add(new Intake.NewAnswer(microJob.computeIfAbsent(worker, w -> UUID.randomUUID()), worker,
                                item, label, random.nextInt(5000)));
                    }
                }
                play.apply(model.answered(batch, sanctioned));
            } else if (action == 7) {
                String worker = workers.get(random.nextInt(workers.size()));
                sanctioned.add(worker);
                play.apply(model.sanctioned(worker));
            } else if (action == 8) {
                UUID item = items.get(random.nextInt(items.size()));
                if (!gold.containsKey(item)) {
                    gold.put(item, truth.get(item));
                    play.apply(model.goldArrived(Map.of(item, truth.get(item))));
                }
            } else {
                play.apply(model.reestimated());
            }
        }
        // Completion: fresh, reliable annotators answer every open item until it resolves.
        for (int round = 0; round <= max + 1; round++) {
            for (UUID item : items) {
                ItemRow state = model.item(item);
                if (state == null || !state.resolved()) {
                    play.apply(model.answered(List.of(new Intake.NewAnswer(UUID.randomUUID(), "late" + round, item,
                            truth.get(item), 100)), Set.of()));
                }
            }
        }

        for (UUID item : items) {
            ItemRow state = model.item(item);
            assertThat(state == null || state.resolved()).as("item %s finished", item).isTrue();
        }
        assertThat(play.recorded).isNotEmpty();
        for (List<UUID> answer : play.recorded) {
            assertThat(play.verdicts.getOrDefault(answer, 0)).as("verdicts on answer %s", answer).isEqualTo(1);
        }
        assertThat(play.verdicts.keySet()).isEqualTo(play.recorded);
    }

    /** Follows the model's changes and checks the invariants after each one. */
    static final class Play {
        final JobQualityModel model;
        final Set<List<UUID>> recorded = new HashSet<>();
        final Map<List<UUID>, Integer> verdicts = new HashMap<>();
        final Map<List<UUID>, UUID> ids = new HashMap<>();
        final Map<UUID, ItemRow> resolved = new HashMap<>();

        Play(JobQualityModel model) {
            this.model = model;
        }

        void apply(Change change) {
            change.inserted().forEach(a -> {
                assertThat(recorded.add(List.of(a.assignmentId(), a.itemId()))).isTrue();
                ids.put(List.of(a.assignmentId(), a.itemId()), a.id());
            });
            for (AnswersReviewed.Verdict v : change.verdicts()) {
                verdicts.merge(List.of(v.assignmentId(), v.itemId()), 1, Integer::sum);
            }
            // a gold verdict is published no earlier than every other verdict of its micro-job (a label
            // outside the set is rejected at once on any item: that verdict says nothing about gold)
            for (AnswersReviewed.Verdict v : change.verdicts()) {
                AnswerRow row = model.answer(ids.get(List.of(v.assignmentId(), v.itemId())));
                if (row.gold() && model.job().labels().contains(row.label())) {
                    recorded.stream().filter(k -> k.getFirst().equals(v.assignmentId())).forEach(k ->
                            assertThat(verdicts).as("gold verdict on %s before %s", v.itemId(), k).containsKey(k));
                }
            }
            Set<UUID> announced = new HashSet<>();
            change.resolutions().forEach(r -> announced.add(r.itemId()));
            for (UUID item : announced) {
                assertThat(resolved).as("item %s resolved twice", item).doesNotContainKey(item);
            }
            for (Map.Entry<UUID, ItemRow> e : change.items().entrySet()) {
                ItemRow before = resolved.get(e.getKey());
                if (before != null) {
                    throw new AssertionError("resolved item " + e.getKey() + " changed: " + e.getValue());
                }
                if (e.getValue().resolved()) {
                    assertThat(announced).as("item %s resolved without ItemResolved", e.getKey()).contains(e.getKey());
                    resolved.put(e.getKey(), e.getValue());
                }
            }
            resolved.forEach((item, state) -> {
                ItemRow now = model.item(item);
                assertThat(now.resolved()).isTrue();
                assertThat(now.label()).isEqualTo(state.label());
                assertThat(now.confidence()).isEqualTo(state.confidence());
            });
            assertThat(announced).isEqualTo(Set.copyOf(change.items().entrySet().stream()
                    .filter(e -> e.getValue().resolved()).map(Map.Entry::getKey).toList()));
        }
    }
}

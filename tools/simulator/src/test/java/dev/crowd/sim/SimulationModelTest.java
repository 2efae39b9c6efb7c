package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulation's own model: the sample, the personas and the gold check (no stack needed). */
class SimulationModelTest {

    @Test
    void theSampleHasUniqueTextsAFivePercentGoldShareAndGoldLabelsOnlyOnGoldRows() throws Exception {
        SampleJob sample = SampleJob.generate(2000, 0.05, 7);
        assertThat(sample.regularCount()).isEqualTo(2000);
        assertThat(sample.goldCount()).isEqualTo(100);
        Set<String> texts = new HashSet<>();
        sample.items().forEach(i -> texts.add(i.text()));
        assertThat(texts).hasSize(2100);
        String[] lines = sample.jsonl().split("\n");
        assertThat(lines).hasSize(2100);
        for (String line : lines) {
            JsonNode row = Api.JSON.readTree(line);
            SampleJob.Item item = sample.byExternalId(row.path("id").asText());
            assertThat(row.has("gold_label")).isEqualTo(item.gold());
            if (item.gold()) {
                assertThat(row.path("gold_label").asText()).isEqualTo(item.truth());
            }
        }
        assertThat(SampleJob.generate(2000, 0.05, 7).jsonl()).isEqualTo(sample.jsonl());
        assertThat(SampleJob.generate(2000, 0.05, 8).jsonl()).isNotEqualTo(sample.jsonl());
    }

    @Test
    void personasAnswerWithTheirHiddenAccuracy() {
        Random random = new Random(1);
        List<String> labels = SampleJob.LABELS;
        assertThat(accuracy(Persona.RELIABLE, labels, random)).isBetween(0.90, 0.94);
        assertThat(accuracy(Persona.NOISY, labels, random)).isBetween(0.67, 0.73);
        assertThat(accuracy(Persona.SPAMMER, labels, random)).isBetween(0.22, 0.28);
        assertThat(accuracy(Persona.ADVERSARIAL, labels, random)).isZero();
    }

    @Test
    void personasAreDealtByShare() {
        int spammers = 0;
        int adversarial = 0;
        for (int i = 0; i < 200; i++) {
            Persona p = Persona.of(i, 200, 0.10, 0.03, 0.15);
            spammers += p == Persona.SPAMMER ? 1 : 0;
            adversarial += p == Persona.ADVERSARIAL ? 1 : 0;
        }
        assertThat(spammers).isEqualTo(20);
        assertThat(adversarial).isEqualTo(6);
    }

    @Test
    void theGoldCheckFlagsAGoldLabelOrAlteredItemDataAndPassesACleanAssignment() throws Exception {
        SampleJob sample = SampleJob.generate(10, 0.2, 3);
        SampleJob.Item gold = sample.items().stream().filter(SampleJob.Item::gold).findFirst().orElseThrow();
        GoldLeakCheck check = new GoldLeakCheck(SampleJob.LABELS);

        check.inspect(reply("{\"id\":\"a\",\"items\":[{\"id\":\"i\",\"data\":{\"text\":\"" + gold.text() + "\"}}]}"), sample);
        assertThat(check.leaks()).isEmpty();

        check.inspect(reply("{\"items\":[{\"id\":\"i\",\"goldLabel\":\"" + gold.truth() + "\",\"data\":{\"text\":\""
                + gold.text() + "\"}}]}"), sample);
        check.inspect(reply("{\"items\":[{\"id\":\"i\",\"data\":{\"text\":\"" + gold.text() + "\",\"gold_label\":\""
                + gold.truth() + "\"}}]}"), sample);
        check.inspect(reply("{\"items\":[{\"id\":\"i\",\"isGold\":true,\"data\":{\"text\":\"" + gold.text() + "\"}}]}"), sample);
        // a gold_label inside the data counts twice: a revealing field, and data that is not what was uploaded
        assertThat(check.leaks()).hasSize(4);
        assertThat(check.inspected()).isEqualTo(4);
    }

    private static Api.Reply reply(String json) throws Exception {
        return new Api.Reply("POST", "/api/tasks/work/next", 200, json, Api.JSON.readTree(json), null, null);
    }

    private static double accuracy(Persona persona, List<String> labels, Random random) {
        int right = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String truth = labels.get(random.nextInt(labels.size()));
            right += persona.answer(truth, labels, random).equals(truth) ? 1 : 0;
        }
        return (double) right / n;
    }
}

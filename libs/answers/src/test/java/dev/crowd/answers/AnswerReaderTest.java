package dev.crowd.answers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.answers.Answer.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerReaderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AnswerConfig TAGS = AnswerConfig.of(AnswerType.MULTI_LABEL, List.of("a", "b", "c"), null, null, null);
    static final AnswerConfig NER = AnswerConfig.of(AnswerType.SPANS, List.of("PER", "LOC"), null, null, null);
    static final ItemContent TEXT = ItemContent.text("Alice met Bob in Paris on Monday at the station."); // 48 chars

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Answer read(String answer, AnswerConfig config) {
        return AnswerReader.read(json(answer), config, TEXT, "answers[3]");
    }

    static void refused(String answer, AnswerConfig config, String field, String detail) {
        assertThatThrownBy(() -> read(answer, config))
                .isInstanceOfSatisfying(AnswerProblem.class, p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.detail()).contains(detail);
                });
    }

    @Test
    void multiLabelIsNormalisedToTheJobsOrderAndMayBeEmpty() {
        assertThat(read("{\"labels\": [\"c\", \"a\"]}", TAGS)).isEqualTo(new Answer.MultiLabel(List.of("a", "c")));
        assertThat(read("{\"labels\": []}", TAGS)).isEqualTo(new Answer.MultiLabel(List.of()));
    }

    @Test
    void multiLabelRefusesUnknownDuplicateAndMalformedLabels() {
        refused("{\"labels\": [\"a\", \"x\"]}", TAGS, "answers[3].labels[1]", "unknown label \"x\" (this job's labels: a, b, c)");
        refused("{\"labels\": [\"a\", \"b\", \"a\"]}", TAGS, "answers[3].labels[2]", "duplicate label \"a\"");
        refused("{\"labels\": \"a\"}", TAGS, "answers[3].labels", "must be an array");
        refused("{\"label\": \"a\"}", TAGS, "answers[3].label", "unknown field");
        refused("{}", TAGS, "answers[3].labels", "is required");
        refused("[\"a\"]", TAGS, "answers[3]", "must be an object like {\"labels\"");
    }

    @Test
    void spansAreSortedAndKept() {
        Answer answer = read("{\"spans\": [{\"start\": 17, \"end\": 22, \"label\": \"LOC\"},"
                + " {\"start\": 0, \"end\": 5, \"label\": \"PER\"}]}", NER);
        assertThat(answer).isEqualTo(new Answer.Spans(List.of(new Span(0, 5, "PER"), new Span(17, 22, "LOC"))));
    }

    @Test
    void spanPastTheTextNamesTheFieldAndTheLength() {
        refused("{\"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}, {\"start\": 40, \"end\": 57, \"label\": \"LOC\"}]}",
                NER, "answers[3].spans[1].end", "end 57 is past the text (48 characters)");
    }

    @Test
    void spansOffTokenBoundariesNameTheToken() {
        refused("{\"spans\": [{\"start\": 1, \"end\": 5, \"label\": \"PER\"}]}", NER,
                "answers[3].spans[0].start", "inside the token \"Alice\" (characters 0–5)");
        refused("{\"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"PER\"}]}", NER,
                "answers[3].spans[0].end", "inside the token \"Alice\"");
        refused("{\"spans\": [{\"start\": 5, \"end\": 9, \"label\": \"PER\"}]}", NER,
                "answers[3].spans[0].start", "on whitespace");
    }

    @Test
    void overlappingSpansNameTheLaterOne() {
        refused("{\"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"PER\"}, {\"start\": 6, \"end\": 9, \"label\": \"LOC\"}]}",
                NER, "answers[3].spans[1]", "overlaps spans[0] (PER 0–9)");
        refused("{\"spans\": [{\"start\": 6, \"end\": 9, \"label\": \"LOC\"}, {\"start\": 0, \"end\": 9, \"label\": \"PER\"}]}",
                NER, "answers[3].spans[1]", "overlaps spans[0] (LOC 6–9)");
    }

    @Test
    void spanFieldsAreChecked() {
        refused("{\"spans\": [{\"start\": 5, \"end\": 3, \"label\": \"PER\"}]}", NER, "answers[3].spans[0].end", "end 3 must be after start 5");
        refused("{\"spans\": [{\"start\": -1, \"end\": 5, \"label\": \"PER\"}]}", NER, "answers[3].spans[0].start", "before the text");
        refused("{\"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"ORG\"}]}", NER, "answers[3].spans[0].label", "unknown label \"ORG\"");
        refused("{\"spans\": [{\"start\": 0.5, \"end\": 5, \"label\": \"PER\"}]}", NER, "answers[3].spans[0].start", "whole number");
        refused("{\"spans\": [{\"start\": 0, \"label\": \"PER\"}]}", NER, "answers[3].spans[0].end", "is required");
        refused("{\"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\", \"score\": 1}]}", NER, "answers[3].spans[0].score", "unknown field");
        assertThatThrownBy(() -> AnswerReader.read(json("{\"spans\": []}"), NER, ItemContent.NONE, "a"))
                .isInstanceOfSatisfying(AnswerProblem.class, p -> assertThat(p.detail()).contains("no text"));
    }

    @Test
    void singleLabelAndBoxesAndTranscription() {
        AnswerConfig single = AnswerConfig.singleLabel(List.of("cat", "dog"));
        assertThat(read("{\"label\": \"dog\"}", single)).isEqualTo(new Answer.SingleLabel("dog"));
        refused("{\"label\": \"cow\"}", single, "answers[3].label", "unknown label");
        AnswerConfig boxes = AnswerConfig.of(AnswerType.BOXES, List.of("car"), null, null, null);
        ItemContent image = new ItemContent(null, 100.0, 80.0, null);
        assertThat(AnswerReader.read(json("{\"boxes\": [{\"label\": \"car\", \"x\": 10, \"y\": 20, \"w\": 50, \"h\": 30}]}"),
                boxes, image, "a")).isEqualTo(new Answer.Boxes(List.of(new Answer.Box("car", 10, 20, 50, 30))));
        assertThatThrownBy(() -> AnswerReader.read(json("{\"boxes\": [{\"label\": \"car\", \"x\": 60, \"y\": 20, \"w\": 50, \"h\": 30}]}"),
                boxes, image, "a")).isInstanceOfSatisfying(AnswerProblem.class, p -> {
                    assertThat(p.field()).isEqualTo("a.boxes[0].w");
                    assertThat(p.detail()).isEqualTo("x + w = 110 is past the image width (100)");
                });
        AnswerConfig speech = AnswerConfig.of(AnswerType.TRANSCRIPTION, List.of(), null, null, null);
        assertThat(read("{\"text\": \"hello world\"}", speech)).isEqualTo(new Answer.Transcription("hello world"));
    }
}

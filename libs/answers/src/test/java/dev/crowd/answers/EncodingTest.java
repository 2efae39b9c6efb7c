package dev.crowd.answers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.answers.Answer.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The encodings of docs/answers.md, in events and exports, and the spans ⇄ IOB2 round trip. */
class EncodingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTypeIsWrittenAsItsOneFieldAndReadBackByShape() throws Exception {
        List<Answer> answers = List.of(new Answer.SingleLabel("a"), new Answer.MultiLabel(List.of()),
                new Answer.MultiLabel(List.of("a", "c")), new Answer.Spans(List.of(new Span(0, 5, "PER"))),
                new Answer.Boxes(List.of(new Answer.Box("car", 10, 20, 100, 50))), new Answer.Transcription("hi"));
        assertThat(JSON.writeValueAsString(answers.get(2))).isEqualTo("{\"labels\":[\"a\",\"c\"]}");
        assertThat(JSON.writeValueAsString(answers.get(3))).isEqualTo("{\"spans\":[{\"start\":0,\"end\":5,\"label\":\"PER\"}]}");
        assertThat(JSON.writeValueAsString(answers.get(4)))
                .isEqualTo("{\"boxes\":[{\"label\":\"car\",\"x\":10.0,\"y\":20.0,\"w\":100.0,\"h\":50.0}]}");
        for (Answer a : answers) {
            assertThat(JSON.readValue(JSON.writeValueAsString(a), Answer.class)).isEqualTo(a);
        }
        assertThat(JSON.writeValueAsString(AnswerType.MULTI_LABEL)).isEqualTo("\"multi-label\"");
        assertThat(AnswerType.parse("TEXT_SPANS")).isEqualTo(AnswerType.SPANS);
        assertThat(AnswerType.parse("SINGLE_LABEL")).isEqualTo(AnswerType.SINGLE_LABEL);
        assertThat(AnswerType.parse("polygons")).isNull();
    }

    @Test
    void spansSurviveTheRoundTripThroughIob2Tags() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int words = 1 + random.nextInt(12);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append("w".repeat(1 + random.nextInt(4)));
            }
            Tokens.Boundaries tokens = Tokens.of(text.toString());
            assertThat(tokens.count()).isEqualTo(words);
            List<Span> spans = new java.util.ArrayList<>();
            int t = 0;
            while (t < words) {
                if (random.nextBoolean()) {
                    int end = t + random.nextInt(Math.min(3, words - t));
                    spans.add(new Span(tokens.starts()[t], tokens.ends()[end], random.nextBoolean() ? "PER" : "LOC"));
                    t = end + 1;
                } else {
                    t++;
                }
            }
            String[] tags = Bio.tags(tokens, spans);
            assertThat(Bio.spans(tokens, tags)).isEqualTo(spans);
        }
        Tokens.Boundaries tokens = Tokens.of("John Smith went to New York");
        assertThat(Bio.tags(tokens, List.of(new Span(0, 10, "PER"), new Span(19, 27, "LOC"))))
                .containsExactly("B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC");
        // an I- tag without its B- starts a span of its own
        assertThat(Bio.spans(tokens, new String[]{"O", "I-PER", "O", "O", "O", "O"}))
                .containsExactly(new Span(5, 10, "PER"));
    }
}

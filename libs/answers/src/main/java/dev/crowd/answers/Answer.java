package dev.crowd.answers;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * One annotator's answer to one item, or an item's resolved answer: a typed JSON value whose single
 * field names its type (the encodings of docs/answers.md):
 * <ul>
 *   <li>single label {@code {"label": "a"}}</li>
 *   <li>multi-label {@code {"labels": ["a", "c"]}} (empty allowed)</li>
 *   <li>spans {@code {"spans": [{"start": 0, "end": 5, "label": "PER"}]}}: character offsets into the
 *       item's {@code text}, end exclusive</li>
 *   <li>boxes {@code {"boxes": [{"label": "car", "x": 10, "y": 20, "w": 100, "h": 50}]}}: image pixels,
 *       top-left origin</li>
 *   <li>transcription {@code {"text": "..."}}</li>
 * </ul>
 * Values are normalised by {@link AnswerReader}: labels in the job's order, spans and boxes sorted.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
        @JsonSubTypes.Type(Answer.SingleLabel.class),
        @JsonSubTypes.Type(Answer.MultiLabel.class),
        @JsonSubTypes.Type(Answer.Spans.class),
        @JsonSubTypes.Type(Answer.Boxes.class),
        @JsonSubTypes.Type(Answer.Transcription.class)})
public sealed interface Answer {

    AnswerType type();

    record SingleLabel(String label) implements Answer {
        @Override
        public AnswerType type() {
            return AnswerType.SINGLE_LABEL;
        }
    }

    record MultiLabel(List<String> labels) implements Answer {
        public MultiLabel {
            labels = List.copyOf(labels);
        }

        @Override
        public AnswerType type() {
            return AnswerType.MULTI_LABEL;
        }
    }

    record Spans(List<Span> spans) implements Answer {
        public Spans {
            spans = List.copyOf(spans);
        }

        @Override
        public AnswerType type() {
            return AnswerType.SPANS;
        }
    }

    /** Characters {@code [start, end)} of the item's text are an entity of type {@code label}. */
    record Span(int start, int end, String label) {
    }

    record Boxes(List<Box> boxes) implements Answer {
        public Boxes {
            boxes = List.copyOf(boxes);
        }

        @Override
        public AnswerType type() {
            return AnswerType.BOXES;
        }
    }

    /** A box of class {@code label}: top-left corner {@code (x, y)}, width {@code w}, height {@code h}, in pixels. */
    record Box(String label, double x, double y, double w, double h) {
    }

    record Transcription(String text) implements Answer {
        @Override
        public AnswerType type() {
            return AnswerType.TRANSCRIPTION;
        }
    }
}

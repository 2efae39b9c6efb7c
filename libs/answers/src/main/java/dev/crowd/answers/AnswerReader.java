package dev.crowd.answers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crowd.answers.Answer.Box;
import dev.crowd.answers.Answer.Span;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an answer from JSON as a job of a given configuration expects it, checks it against the item,
 * and normalises it (labels in the job's order, spans and boxes sorted). Anything that does not fit is
 * an {@link AnswerProblem} naming the value at fault under {@code path}.
 */
public final class AnswerReader {

    /** More than this many spans or boxes in one answer is refused (a runaway client, not an annotation). */
    public static final int MAX_PARTS = 1000;
    public static final int MAX_TRANSCRIPT_CHARS = 100_000;

    private AnswerReader() {
    }

    public static Answer read(JsonNode node, AnswerConfig config, ItemContent item, String path) {
        if (node == null || !node.isObject()) {
            throw new AnswerProblem(path, "must be an object like " + example(config.type()));
        }
        return switch (config.type()) {
            case SINGLE_LABEL -> new Answer.SingleLabel(label(only(node, path, "label"), config, path + ".label"));
            case MULTI_LABEL -> multiLabel(only(node, path, "labels"), config, path + ".labels");
            case SPANS -> spans(only(node, path, "spans"), config, item, path + ".spans");
            case BOXES -> boxes(only(node, path, "boxes"), config, item, path + ".boxes");
            case TRANSCRIPTION -> transcription(only(node, path, "text"), path + ".text");
        };
    }

    public static String example(AnswerType type) {
        return switch (type) {
            case SINGLE_LABEL -> "{\"label\": \"a\"}";
            case MULTI_LABEL -> "{\"labels\": [\"a\", \"c\"]}";
            case SPANS -> "{\"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}]}";
            case BOXES -> "{\"boxes\": [{\"label\": \"car\", \"x\": 10, \"y\": 20, \"w\": 100, \"h\": 50}]}";
            case TRANSCRIPTION -> "{\"text\": \"...\"}";
        };
    }

    /** The value of {@code field}, refusing a missing one and any other field. */
    private static JsonNode only(JsonNode node, String path, String field) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals(field)) {
                throw new AnswerProblem(path + "." + name, "unknown field (this job's answers have only \"" + field + "\")");
            }
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new AnswerProblem(path + "." + field, "is required");
        }
        return value;
    }

    private static String label(JsonNode node, AnswerConfig config, String path) {
        if (!node.isTextual()) {
            throw new AnswerProblem(path, "must be a label key (a string)");
        }
        String label = node.asText();
        if (!config.labels().contains(label)) {
            throw new AnswerProblem(path, "unknown label \"" + label + "\" (this job's labels: "
                    + String.join(", ", config.labels()) + ")");
        }
        return label;
    }

    private static Answer multiLabel(JsonNode node, AnswerConfig config, String path) {
        if (!node.isArray()) {
            throw new AnswerProblem(path, "must be an array of label keys (empty when none applies)");
        }
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String label = label(node.get(i), config, path + "[" + i + "]");
            if (!chosen.add(label)) {
                throw new AnswerProblem(path + "[" + i + "]", "duplicate label \"" + label + "\"");
            }
        }
        return new Answer.MultiLabel(config.labels().stream().filter(chosen::contains).toList());
    }

    private static Answer spans(JsonNode node, AnswerConfig config, ItemContent item, String path) {
        array(node, path);
        if (item.text() == null) {
            throw new AnswerProblem(path, "this item has no text to mark spans in");
        }
        String text = item.text();
        Tokens.Boundaries tokens = Tokens.of(text);
        record Read(int index, Span span) {
        }
        List<Read> read = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode s = object(node.get(i), at, "start", "end", "label");
            int start = integer(s.get("start"), at + ".start");
            int end = integer(s.get("end"), at + ".end");
            String label = label(required(s, "label", at), config, at + ".label");
            if (start < 0) {
                throw new AnswerProblem(at + ".start", "start " + start + " is before the text");
            }
            if (end > text.length()) {
                throw new AnswerProblem(at + ".end", "end " + end + " is past the text (" + text.length() + " characters)");
            }
            if (end <= start) {
                throw new AnswerProblem(at + ".end", "end " + end + " must be after start " + start);
            }
            if (tokens.startingAt(start) < 0) {
                throw new AnswerProblem(at + ".start", offTokens("start", start, text, tokens));
            }
            if (tokens.endingAt(end) < 0) {
                throw new AnswerProblem(at + ".end", offTokens("end", end, text, tokens));
            }
            read.add(new Read(i, new Span(start, end, label)));
        }
        read.sort(Comparator.comparingInt((Read r) -> r.span().start()));
        for (int k = 1; k < read.size(); k++) {
            Read before = read.get(k - 1);
            Read here = read.get(k);
            if (here.span().start() < before.span().end()) {
                Read later = before.index() > here.index() ? before : here;
                Read earlier = later == before ? here : before;
                throw new AnswerProblem(path + "[" + later.index() + "]", "overlaps " + path.substring(path.lastIndexOf('.') + 1)
                        + "[" + earlier.index() + "] (" + describe(earlier.span()) + ")");
            }
        }
        return new Answer.Spans(read.stream().map(Read::span).toList());
    }

    private static String offTokens(String which, int offset, String text, Tokens.Boundaries tokens) {
        int inside = tokens.containing(which.equals("end") ? offset - 1 : offset);
        if (inside >= 0) {
            int s = tokens.starts()[inside];
            int e = tokens.ends()[inside];
            return which + " " + offset + " is inside the token \"" + text.substring(s, e) + "\" (characters "
                    + s + "–" + e + "); spans start and end on token boundaries";
        }
        return which + " " + offset + " is on whitespace; spans start and end on token boundaries";
    }

    private static String describe(Span s) {
        return s.label() + " " + s.start() + "–" + s.end();
    }

    private static Answer boxes(JsonNode node, AnswerConfig config, ItemContent item, String path) {
        array(node, path);
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode b = object(node.get(i), at, "label", "x", "y", "w", "h");
            String label = label(required(b, "label", at), config, at + ".label");
            double x = number(b.get("x"), at + ".x");
            double y = number(b.get("y"), at + ".y");
            double w = number(b.get("w"), at + ".w");
            double h = number(b.get("h"), at + ".h");
            if (w <= 0) {
                throw new AnswerProblem(at + ".w", "width must be positive");
            }
            if (h <= 0) {
                throw new AnswerProblem(at + ".h", "height must be positive");
            }
            if (x < 0 || y < 0) {
                throw new AnswerProblem(at + (x < 0 ? ".x" : ".y"), "the box starts outside the image (negative coordinate)");
            }
            if (item.width() != null && x + w > item.width()) {
                throw new AnswerProblem(at + ".w", String.format(Locale.ROOT,
                        "x + w = %s is past the image width (%s)", num(x + w), num(item.width())));
            }
            if (item.height() != null && y + h > item.height()) {
                throw new AnswerProblem(at + ".h", String.format(Locale.ROOT,
                        "y + h = %s is past the image height (%s)", num(y + h), num(item.height())));
            }
            boxes.add(new Box(label, x, y, w, h));
        }
        boxes.sort(Comparator.comparing(Box::label).thenComparingDouble(Box::x).thenComparingDouble(Box::y));
        return new Answer.Boxes(boxes);
    }

    private static Answer transcription(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new AnswerProblem(path, "must be the transcript (a string)");
        }
        if (node.asText().length() > MAX_TRANSCRIPT_CHARS) {
            throw new AnswerProblem(path, "longer than " + MAX_TRANSCRIPT_CHARS + " characters");
        }
        return new Answer.Transcription(node.asText());
    }

    private static void array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new AnswerProblem(path, "must be an array (empty when there is nothing to mark)");
        }
        if (node.size() > MAX_PARTS) {
            throw new AnswerProblem(path, "more than " + MAX_PARTS + " entries");
        }
    }

    private static JsonNode object(JsonNode node, String path, String... fields) {
        if (node == null || !node.isObject()) {
            throw new AnswerProblem(path, "must be an object with " + String.join(", ", fields));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!List.of(fields).contains(name)) {
                throw new AnswerProblem(path + "." + name, "unknown field (expected " + String.join(", ", fields) + ")");
            }
        }
        return node;
    }

    private static JsonNode required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new AnswerProblem(path + "." + field, "is required");
        }
        return value;
    }

    private static int integer(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw new AnswerProblem(path, "is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new AnswerProblem(path, "must be a whole number of characters");
        }
        return node.intValue();
    }

    private static double number(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw new AnswerProblem(path, "is required");
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new AnswerProblem(path, "must be a number of pixels");
        }
        return node.doubleValue();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

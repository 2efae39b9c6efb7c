package dev.crowd.answers;

import dev.crowd.answers.Answer.Span;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The difference between an answer and its reference in a few words, for a rejection reason an
 * annotator can act on: {@code missing: c; extra: b} or {@code missing: PER 0–5; extra: LOC 10–15}.
 * Gold answers are never described in full to the annotator by this class alone: the caller decides
 * what may be shown (qa-service shows it only after the gold verdict is released).
 */
public final class AnswerDiff {

    /** At most this many parts are named on each side; the rest are counted. */
    static final int MAX_NAMED = 5;

    private AnswerDiff() {
    }

    public static String describe(Answer answer, Answer reference, AnswerConfig config) {
        if (answer.type() != reference.type()) {
            return "answered as " + answer.type() + ", expected " + reference.type();
        }
        return switch (answer) {
            case Answer.SingleLabel a -> "expected " + ((Answer.SingleLabel) reference).label() + ", answered " + a.label();
            case Answer.MultiLabel a -> sets(a.labels(), ((Answer.MultiLabel) reference).labels());
            case Answer.Spans a -> sets(names(a.spans()), names(((Answer.Spans) reference).spans()));
            case Answer.Boxes a -> {
                List<Answer.Box> ref = ((Answer.Boxes) reference).boxes();
                int matched = AnswerScores.matchBoxes(a.boxes(), ref, config.iouThreshold()).size();
                yield String.format(Locale.ROOT, "%d of %d boxes matched (IoU ≥ %.2f); %d extra",
                        matched, ref.size(), config.iouThreshold(), a.boxes().size() - matched);
            }
            case Answer.Transcription a -> String.format(Locale.ROOT, "word error rate %.2f",
                    AnswerScores.wordErrorRate(a.text(), ((Answer.Transcription) reference).text()));
        };
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(s -> s.label() + " " + s.start() + "–" + s.end()).toList();
    }

    private static String sets(List<String> answer, List<String> reference) {
        Set<String> missing = new LinkedHashSet<>(reference);
        answer.forEach(missing::remove);
        Set<String> extra = new LinkedHashSet<>(answer);
        reference.forEach(extra::remove);
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing: " + named(missing));
        }
        if (!extra.isEmpty()) {
            parts.add("extra: " + named(extra));
        }
        return parts.isEmpty() ? "same answer" : String.join("; ", parts);
    }

    private static String named(Set<String> parts) {
        List<String> list = new ArrayList<>(parts);
        String shown = String.join(", ", list.subList(0, Math.min(MAX_NAMED, list.size())));
        return list.size() > MAX_NAMED ? shown + " and " + (list.size() - MAX_NAMED) + " more" : shown;
    }
}

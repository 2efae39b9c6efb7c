package dev.crowd.answers;

import dev.crowd.answers.Answer.Span;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spans as per-token IOB2 tags ({@code B-PER}, {@code I-PER}, {@code O}) and back: the unit of
 * token-level consensus and of the CoNLL-2003 style export. Spans must lie on token boundaries
 * ({@link AnswerReader} ensures it); a span that does not is left out.
 */
public final class Bio {

    public static final String OUTSIDE = "O";

    private Bio() {
    }

    public static String[] tags(Tokens.Boundaries tokens, List<Span> spans) {
        String[] tags = new String[tokens.count()];
        Arrays.fill(tags, OUTSIDE);
        for (Span s : spans) {
            int first = tokens.startingAt(s.start());
            int last = tokens.endingAt(s.end());
            if (first < 0 || last < first) {
                continue;
            }
            tags[first] = "B-" + s.label();
            for (int t = first + 1; t <= last; t++) {
                tags[t] = "I-" + s.label();
            }
        }
        return tags;
    }

    /** Spans from tags; an {@code I-X} that does not continue an {@code X} starts a new span (IOB2 repair). */
    public static List<Span> spans(Tokens.Boundaries tokens, String[] tags) {
        List<Span> spans = new ArrayList<>();
        int start = -1;
        String label = null;
        for (int t = 0; t <= tags.length; t++) {
            String tag = t < tags.length ? tags[t] : OUTSIDE;
            boolean continues = label != null && tag.equals("I-" + label);
            if (!continues && label != null) {
                spans.add(new Span(tokens.starts()[start], tokens.ends()[t - 1], label));
                label = null;
            }
            if (!continues && !tag.equals(OUTSIDE)) {
                start = t;
                label = tag.substring(2);
            }
        }
        return spans;
    }
}

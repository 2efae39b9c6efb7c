package dev.crowd.answers;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of an item's text: maximal runs of non-whitespace characters. Spans must start at a
 * token's start and end at a token's end. For text whose words are separated by single spaces these
 * are exactly the pieces of {@code text.split(" ")}.
 */
public final class Tokens {

    /** Token {@code i} is characters {@code [starts[i], ends[i])}. */
    public record Boundaries(int[] starts, int[] ends) {
        public int count() {
            return starts.length;
        }

        /** The index of the token starting at {@code offset}, or -1. */
        public int startingAt(int offset) {
            int i = java.util.Arrays.binarySearch(starts, offset);
            return i >= 0 ? i : -1;
        }

        /** The index of the token ending at {@code offset}, or -1. */
        public int endingAt(int offset) {
            int i = java.util.Arrays.binarySearch(ends, offset);
            return i >= 0 ? i : -1;
        }

        /** The index of the token containing character {@code offset}, or -1 (whitespace or outside). */
        public int containing(int offset) {
            int i = java.util.Arrays.binarySearch(starts, offset);
            int t = i >= 0 ? i : -i - 2;
            return t >= 0 && offset < ends[t] ? t : -1;
        }
    }

    public static Boundaries of(String text) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(new int[]{start, i});
            }
        }
        int[] starts = new int[tokens.size()];
        int[] ends = new int[tokens.size()];
        for (int t = 0; t < tokens.size(); t++) {
            starts[t] = tokens.get(t)[0];
            ends[t] = tokens.get(t)[1];
        }
        return new Boundaries(starts, ends);
    }

    private Tokens() {
    }
}

package dev.crowd.consensus.typed;

import dev.crowd.answers.Answer.Span;
import dev.crowd.answers.Answer.Spans;
import dev.crowd.answers.Bio;
import dev.crowd.answers.Tokens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-token majority vote over IOB2 tags: each token takes the tag most of the item's annotators gave it
 * ({@code O} on a tie), and the tags are read back as spans. Confidence is the weakest token's majority
 * share. The baseline every spans method is measured against.
 */
public final class SpanMajority implements TypedAggregator<Spans> {

    public static final String NAME = "mv";

    @Override
    public String method() {
        return NAME;
    }

    @Override
    public Map<String, Estimate<Spans>> aggregate(List<Judgment<Spans>> answers, Map<String, Spans> gold,
                                                  Map<String, Tokens.Boundaries> tokens) {
        Map<String, List<Spans>> byItem = new LinkedHashMap<>();
        answers.forEach(j -> byItem.computeIfAbsent(j.itemId(), k -> new ArrayList<>()).add(j.value()));
        Map<String, Estimate<Spans>> out = new LinkedHashMap<>();
        byItem.forEach((item, given) -> {
            Tokens.Boundaries units = tokens.getOrDefault(item, segments(given));
            List<String[]> tags = given.stream().map(s -> Bio.tags(units, s.spans())).toList();
            String[] result = new String[units.count()];
            double confidence = 1;
            for (int t = 0; t < units.count(); t++) {
                Map<String, Integer> votes = new HashMap<>();
                for (String[] tag : tags) {
                    votes.merge(tag[t], 1, Integer::sum);
                }
                String best = Bio.OUTSIDE;
                int bestVotes = votes.getOrDefault(Bio.OUTSIDE, 0);
                for (Map.Entry<String, Integer> e : votes.entrySet()) {
                    if (e.getValue() > bestVotes) {
                        best = e.getKey();
                        bestVotes = e.getValue();
                    }
                }
                result[t] = best;
                confidence = Math.min(confidence, bestVotes / (double) tags.size());
            }
            out.put(item, new Estimate<>(new Spans(Bio.spans(units, result)), confidence));
        });
        gold.forEach((item, answer) -> out.put(item, new Estimate<>(answer, 1)));
        return out;
    }

    /** Elementary segments between every span boundary the answers use: tokens as far as they can tell. */
    static Tokens.Boundaries segments(List<Spans> answers) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (Spans s : answers) {
            for (Span span : s.spans()) {
                cuts.add(span.start());
                cuts.add(span.end());
            }
        }
        List<Integer> points = new ArrayList<>(cuts);
        int n = Math.max(0, points.size() - 1);
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = points.get(i);
            ends[i] = points.get(i + 1);
        }
        return new Tokens.Boundaries(starts, ends);
    }
}

package dev.crowd.consensus.typed;

import dev.crowd.answers.Answer.MultiLabel;
import dev.crowd.answers.Tokens;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-label majority vote (binary relevance): a label belongs to an item when more than half of the
 * item's annotators chose it. Confidence is the weakest label's majority share, so one contested label
 * keeps the item open. The baseline every multi-label method is measured against.
 */
public final class MultiLabelMajority implements TypedAggregator<MultiLabel> {

    public static final String NAME = "mv";

    private final List<String> labels;

    public MultiLabelMajority(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    @Override
    public String method() {
        return NAME;
    }

    @Override
    public Map<String, Estimate<MultiLabel>> aggregate(List<Judgment<MultiLabel>> answers, Map<String, MultiLabel> gold,
                                                       Map<String, Tokens.Boundaries> tokens) {
        Map<String, Integer> answered = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        for (Judgment<MultiLabel> j : answers) {
            answered.merge(j.itemId(), 1, Integer::sum);
            Map<String, Integer> item = votes.computeIfAbsent(j.itemId(), k -> new HashMap<>());
            j.value().labels().forEach(l -> item.merge(l, 1, Integer::sum));
        }
        Map<String, Estimate<MultiLabel>> out = new LinkedHashMap<>();
        answered.forEach((item, n) -> {
            Map<String, Integer> v = votes.get(item);
            double confidence = 1;
            List<String> chosen = new java.util.ArrayList<>();
            for (String label : labels) {
                int yes = v.getOrDefault(label, 0);
                if (2 * yes > n) {
                    chosen.add(label);
                }
                confidence = Math.min(confidence, Math.max(yes, n - yes) / (double) n);
            }
            out.put(item, new Estimate<>(new MultiLabel(chosen), confidence));
        });
        gold.forEach((item, answer) -> out.put(item, new Estimate<>(answer, 1)));
        return out;
    }
}

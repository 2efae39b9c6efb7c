package dev.crowd.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's bundled sample: short product reviews to be labelled by sentiment (four labels), each with
 * the hidden truth the simulation scores against. A share of the items are gold (their label is sent
 * to the platform as {@code gold_label}); the rest carry their truth only here. Deterministic per seed.
 */
public final class SampleJob {

    public static final List<String> LABELS = List.of("positive", "negative", "neutral", "mixed");

    private static final String[] PRODUCTS = {"kettle", "headphones", "backpack", "desk lamp", "phone case",
        "running shoes", "coffee grinder", "keyboard", "tent", "blender", "monitor", "water bottle"};
    private static final Map<String, String[]> PHRASES = Map.of(
            "positive", new String[]{"works perfectly", "exceeded my expectations", "great value for money",
                "would buy again", "arrived early and looks great"},
            "negative", new String[]{"broke after two days", "a waste of money", "does not work as described",
                "returned it at once", "cheap materials and poor finish"},
            "neutral", new String[]{"does what it says", "arrived on the expected day", "it is an ordinary model",
                "comes in a plain box", "about what you would expect"},
            "mixed", new String[]{"great sound but the battery is weak", "nice design, flimsy hinge",
                "fast delivery but it scratches easily", "good price, loud motor", "comfortable, but runs small"});

    /** One item: its external id, its text, its hidden truth, and whether it is gold. */
    public record Item(String externalId, String text, String truth, boolean gold) {
    }

    private final List<Item> items;
    private final Map<String, Item> byExternalId = new HashMap<>();
    private final Map<String, Item> byText = new HashMap<>();

    private SampleJob(List<Item> items) {
        this.items = List.copyOf(items);
        for (Item item : items) {
            byExternalId.put(item.externalId(), item);
            byText.put(item.text(), item);
        }
    }

    /** {@code regular} items to label plus {@code goldShare} of that number (at least 8) as gold items. */
    public static SampleJob generate(int regular, double goldShare, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        // At least 8 gold items when there is gold at all: a small job still checks each annotator a few times.
        int gold = goldShare <= 0 ? 0 : Math.max(8, (int) Math.round(regular * goldShare));
        for (int i = 0; i < regular + gold; i++) {
            String truth = LABELS.get(random.nextInt(LABELS.size()));
            String[] phrases = PHRASES.get(truth);
            String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            // The number makes every text unique, so the simulation finds an item's truth by its text.
            String text = "Review " + (i + 1) + ": the " + product + " " + phrases[random.nextInt(phrases.length)] + ".";
            boolean isGold = i >= regular;
            items.add(new Item((isGold ? "g-" : "r-") + (i + 1), text, truth, isGold));
        }
        return new SampleJob(items);
    }

    public List<Item> items() {
        return items;
    }

    public long regularCount() {
        return items.stream().filter(i -> !i.gold()).count();
    }

    public long goldCount() {
        return items.stream().filter(Item::gold).count();
    }

    public Item byExternalId(String id) {
        return byExternalId.get(id);
    }

    /** The item whose text this is (annotators see the text, never the external id or the gold flag). */
    public Item byText(String text) {
        return byText.get(text);
    }

    /** The upload: JSONL, gold rows with {@code gold_label}. */
    public String jsonl() {
        StringBuilder b = new StringBuilder();
        for (Item item : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", item.externalId());
            row.put("text", item.text());
            if (item.gold()) {
                row.put("gold_label", item.truth());
            }
            b.append(Api.write(row)).append('\n');
        }
        return b.toString();
    }
}

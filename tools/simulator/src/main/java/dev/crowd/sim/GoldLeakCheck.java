package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every body an annotator receives for anything that would tell them which items are gold or
 * what a gold item's answer is: a field naming gold with a label as its value, or an item whose data is
 * not exactly what the requester uploaded for it (minus the gold label).
 */
public final class GoldLeakCheck {

    private static final Set<String> REVEALING = Set.of("gold", "goldlabel", "gold_label", "isgold", "expected",
            "expectedlabel", "truth", "correctlabel", "control");

    private final Set<String> labels;
    private final AtomicLong inspected = new AtomicLong();
    private final List<String> leaks = Collections.synchronizedList(new ArrayList<>());

    public GoldLeakCheck(List<String> labels) {
        this.labels = Set.copyOf(labels);
    }

    public void inspect(Api.Reply reply, SampleJob sample) {
        inspected.incrementAndGet();
        JsonNode body = reply.body();
        if (body == null || body.isMissingNode()) {
            return;
        }
        scan(body, reply.path(), "");
        for (JsonNode item : body.path("items")) {
            JsonNode data = item.path("data");
            if (data.isMissingNode()) {
                continue;
            }
            SampleJob.Item known = sample.byText(data.path("text").asText());
            if (known == null || data.size() != 1) {
                leaks.add(reply.path() + ": item data is not what was uploaded: " + data);
            }
        }
    }

    private void scan(JsonNode node, String path, String at) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey().toLowerCase(Locale.ROOT);
                JsonNode value = f.getValue();
                boolean namesGold = REVEALING.contains(name) || (name.contains("gold") && name.contains("label"));
                if (namesGold && !value.isNull() && (value.isBoolean() || labels.contains(value.asText()))) {
                    leaks.add(path + ": field " + at + f.getKey() + " = " + value);
                }
                scan(value, path, at + f.getKey() + ".");
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                scan(element, path, at);
            }
        }
    }

    public long inspected() {
        return inspected.get();
    }

    public List<String> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }
}

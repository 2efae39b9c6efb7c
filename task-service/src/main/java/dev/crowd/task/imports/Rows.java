package dev.crowd.task.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Field conventions shared by every format: {@code id}/{@code external_id} and {@code gold_label}. */
final class Rows {

    static final String GOLD = "gold_label";

    /** Splits a flat object into external id, gold label and the remaining data, then hands it on. */
    static void emit(long line, ObjectNode row, ImportSink sink) {
        String externalId = text(row.remove("external_id"));
        if (externalId == null) {
            externalId = text(row.remove("id"));
        }
        JsonNode goldNode = row.remove(GOLD);
        String gold = text(goldNode);
        if (goldNode != null && !goldNode.isNull() && !goldNode.isTextual()) {
            sink.error(line, GOLD, "must be a label key (text)");
            return;
        }
        ObjectNode data = row;
        JsonNode nested = row.get("data");
        if (nested != null && row.size() == 1) {
            if (!nested.isObject()) {
                sink.error(line, "data", "must be an object");
                return;
            }
            data = (ObjectNode) nested;
        }
        if (data.isEmpty()) {
            sink.error(line, "data", "the item has no content (text or media URL)");
            return;
        }
        sink.item(line, externalId, data, gold == null || gold.isBlank() ? null : gold);
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private Rows() {
    }
}

package dev.crowd.answers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What answer validation needs to know of an item: its text (spans), image size (boxes) or duration
 * (transcription). Each is null when the item does not give it.
 */
public record ItemContent(String text, Double width, Double height, Double duration) {

    public static final ItemContent NONE = new ItemContent(null, null, null, null);

    public static ItemContent text(String text) {
        return new ItemContent(text, null, null, null);
    }

    /** Reads the fields {@code text}, {@code width}, {@code height} and {@code duration} of an item's data. */
    public static ItemContent of(JsonNode data) {
        if (data == null || !data.isObject()) {
            return NONE;
        }
        JsonNode text = data.get("text");
        return new ItemContent(text != null && text.isTextual() ? text.asText() : null,
                number(data.get("width")), number(data.get("height")), number(data.get("duration")));
    }

    private static Double number(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : null;
    }
}

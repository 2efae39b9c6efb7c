package dev.crowd.task.imports;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;

/**
 * A Label Studio task export: a JSON array of {@code {"id": .., "data": {...}, "annotations": [...]}}.
 * Read task by task with a streaming parser. A gold answer is {@code data.gold_label}, or the first
 * choice of the first annotation's first result ({@code annotations[0].result[0].value.choices[0]}).
 */
final class LabelStudioItems {

    private final ObjectMapper mapper;

    LabelStudioItems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void parse(InputStream in, ImportSink sink) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return;
            }
            if (first != JsonToken.START_ARRAY) {
                sink.error(parser.currentLocation().getLineNr(), "body", "must be a JSON array of Label Studio tasks");
                return;
            }
            while (sink.wantsMore()) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    return;
                }
                long line = parser.currentLocation().getLineNr();
                JsonNode task = mapper.readTree(parser);
                if (!(task instanceof ObjectNode taskObject)) {
                    sink.error(line, "task", "must be a JSON object");
                    continue;
                }
                JsonNode data = taskObject.get("data");
                if (!(data instanceof ObjectNode dataObject)) {
                    sink.error(line, "data", "a Label Studio task needs a \"data\" object");
                    continue;
                }
                ObjectNode row = dataObject.deepCopy();
                if (!row.has("id") && taskObject.hasNonNull("id")) {
                    row.set("external_id", taskObject.get("id"));
                }
                if (!row.has(Rows.GOLD)) {
                    JsonNode choice = taskObject.at("/annotations/0/result/0/value/choices/0");
                    if (choice.isTextual()) {
                        row.put(Rows.GOLD, choice.asText());
                    }
                }
                Rows.emit(line, row, sink);
            }
        } catch (JsonParseException e) {
            sink.error(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "body",
                    "not valid JSON: " + e.getOriginalMessage());
        }
    }
}

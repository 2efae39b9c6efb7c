package dev.crowd.task.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * A Label Studio task export: a JSON array of {@code {"id": .., "data": {...}, "annotations": [...]}}.
 * Read task by task with a streaming parser. A gold answer is {@code data.gold_label}, or the first
 * choice of the first annotation's first result ({@code annotations[0].result[0].value.choices[0]}).
 *
 * <p>A task is held in memory only up to {@code maxTaskChars} (the per-line limit of the other formats):
 * a larger one is skipped unread and reported as {@code tasks[i]}, and the import stops there.
 */
final class LabelStudioItems {

    private final ObjectMapper mapper;
    private final int maxTaskChars;
    private final JsonFactory factory;

    LabelStudioItems(ObjectMapper mapper, int maxTaskChars) {
        this.mapper = mapper;
        this.maxTaskChars = maxTaskChars;
        // No single string may outgrow a task either (Jackson would buffer it whole to count it).
        this.factory = mapper.getFactory().rebuild().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Math.max(maxTaskChars, 1024)).build()).build();
    }

    /** Thrown while reading one task that is larger than the limit. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    void parse(InputStream in, ImportSink sink) throws IOException {
        long index = -1;
        long taskLine = 0;
        try (JsonParser parser = factory.createParser(in)) {
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
                index++;
                taskLine = line;
                JsonNode task;
                try {
                    task = readTask(parser);
                } catch (TooLarge e) {
                    tooLarge(sink, line, index);
                    return;
                }
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
        } catch (StreamConstraintsException e) {
            tooLarge(sink, taskLine, index);
        } catch (JsonParseException e) {
            sink.error(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "body",
                    "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void tooLarge(ImportSink sink, long line, long index) {
        sink.error(line, "tasks[" + index + "]", "Label Studio task " + index + " (counting from 0) is larger than "
                + maxTaskChars + " characters");
    }

    /** The task at the parser's current token, copied token by token while it stays under the limit. */
    private JsonNode readTask(JsonParser parser) throws IOException, TooLarge {
        JsonToken first = parser.currentToken();
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            return mapper.readTree(parser);
        }
        long start = offset(parser.currentTokenLocation());
        TokenBuffer copy = new TokenBuffer(parser);
        copy.copyCurrentEvent(parser);
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                break; // truncated: the parser reports it on the next read
            }
            if (offset(parser.currentLocation()) - start > maxTaskChars) {
                throw new TooLarge();
            }
            copy.copyCurrentEvent(parser);
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
        }
        try (JsonParser buffered = copy.asParser(mapper)) {
            buffered.nextToken();
            return mapper.readTree(buffered);
        }
    }

    /** Where the parser is, in bytes (byte input) or characters. */
    private static long offset(JsonLocation location) {
        long bytes = location.getByteOffset();
        return bytes >= 0 ? bytes : location.getCharOffset();
    }
}

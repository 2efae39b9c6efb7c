package dev.crowd.task.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** One JSON object per line: either {@code {"data": {...}, "gold_label": ...}} or a flat object. */
final class JsonlItems {

    private final ObjectMapper mapper;
    private final int maxLineChars;

    JsonlItems(ObjectMapper mapper, int maxLineChars) {
        this.mapper = mapper;
        this.maxLineChars = maxLineChars;
    }

    void parse(InputStream in, ImportSink sink) throws IOException {
        LineReader lines = new LineReader(new InputStreamReader(in, StandardCharsets.UTF_8), maxLineChars);
        while (sink.wantsMore()) {
            String line;
            try {
                line = lines.next();
            } catch (LineReader.LineTooLongException e) {
                sink.error(lines.lineNumber(), "line", "longer than " + maxLineChars + " characters");
                continue;
            }
            if (line == null) {
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                sink.error(lines.lineNumber(), "line", "not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            if (!(node instanceof ObjectNode row)) {
                sink.error(lines.lineNumber(), "line", "must be a JSON object");
                continue;
            }
            Rows.emit(lines.lineNumber(), row, sink);
        }
    }
}

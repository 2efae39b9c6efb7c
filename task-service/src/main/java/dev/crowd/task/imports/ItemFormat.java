package dev.crowd.task.imports;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The accepted upload formats; each parser streams, holding one row at a time. */
public enum ItemFormat {
    CSV, JSONL, LABELSTUDIO;

    /** From an explicit {@code format} parameter, else from the Content-Type; null when neither names one. */
    public static ItemFormat of(String format, String contentType) {
        if (format != null && !format.isBlank()) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "jsonl", "ndjson" -> JSONL;
                case "labelstudio", "label-studio", "json" -> LABELSTUDIO;
                default -> null;
            };
        }
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv")) {
            return CSV;
        }
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("json-lines") || type.contains("jsonlines")) {
            return JSONL;
        }
        if (type.startsWith("application/json")) {
            return LABELSTUDIO;
        }
        return null;
    }

    public void parse(InputStream in, ObjectMapper mapper, int maxLineChars, ImportSink sink) throws IOException {
        switch (this) {
            case CSV -> new CsvItems(mapper, maxLineChars).parse(in, sink);
            case JSONL -> new JsonlItems(mapper, maxLineChars).parse(in, sink);
            case LABELSTUDIO -> new LabelStudioItems(mapper, maxLineChars).parse(in, sink);
        }
    }
}

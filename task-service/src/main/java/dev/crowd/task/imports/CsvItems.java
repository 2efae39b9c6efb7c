package dev.crowd.task.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 4180 CSV with a header row: every column becomes a field of the item's data, except
 * {@code id}/{@code external_id} and {@code gold_label}. Quoted fields may hold commas, quotes ("")
 * and line breaks. Read one record at a time.
 */
final class CsvItems {

    private final ObjectMapper mapper;
    private final int maxRecordChars;

    CsvItems(ObjectMapper mapper, int maxRecordChars) {
        this.mapper = mapper;
        this.maxRecordChars = maxRecordChars;
    }

    void parse(InputStream in, ImportSink sink) throws IOException {
        Records records = new Records(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536));
        List<String> header = records.next();
        if (header == null) {
            return;
        }
        if (records.error != null) {
            sink.error(1, "header", records.error);
            return;
        }
        if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) {
            header.set(0, header.getFirst().substring(1));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            header.set(i, name);
            if (name.isEmpty()) {
                sink.error(1, "header", "column " + (i + 1) + " has no name");
                return;
            }
            if (!seen.add(name)) {
                sink.error(1, "header", "duplicate column " + name);
                return;
            }
        }
        while (sink.wantsMore()) {
            long line = records.line + 1;
            List<String> values = records.next();
            if (values == null) {
                return;
            }
            if (records.error != null) {
                sink.error(line, "row", records.error);
                continue;
            }
            if (values.size() == 1 && values.getFirst().isEmpty()) {
                continue; // blank line
            }
            if (values.size() != header.size()) {
                sink.error(line, "row", "has " + values.size() + " columns, the header has " + header.size());
                continue;
            }
            ObjectNode row = mapper.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                String value = values.get(i);
                if (!value.isEmpty() || header.get(i).equals(Rows.GOLD)) {
                    row.put(header.get(i), value);
                }
            }
            Rows.emit(line, row, sink);
        }
    }

    /** Splits the stream into records; {@code line} is the last physical line consumed. */
    private final class Records {
        private final Reader reader;
        private long line;
        private String error;
        private int pending = -2;

        Records(Reader reader) {
            this.reader = reader;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return reader.read();
        }

        List<String> next() throws IOException {
            error = null;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int total = 0;
            int c = read();
            if (c == -1) {
                return null;
            }
            boolean quoted = false;
            boolean afterQuote = false;
            while (true) {
                if (c == -1) {
                    if (quoted) {
                        error = "unterminated quoted field";
                    }
                    fields.add(field.toString());
                    line++;
                    return fields;
                }
                if (++total > maxRecordChars) {
                    error = "longer than " + maxRecordChars + " characters";
                    skipRecord(quoted);
                    line++;
                    return fields;
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            pending = n;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r') {
                        int n = read();
                        if (n != '\n') {
                            pending = n;
                        }
                    }
                    fields.add(field.toString());
                    line++;
                    return fields;
                } else if (ch == '"' && field.isEmpty() && !afterQuote) {
                    quoted = true;
                } else if (afterQuote) {
                    error = "text after a closing quote";
                    field.append(ch);
                } else if (ch == '"') {
                    error = "a quote inside an unquoted field";
                    field.append(ch);
                } else {
                    field.append(ch);
                }
                c = read();
            }
        }

        private void skipRecord(boolean quoted) throws IOException {
            int c;
            while ((c = read()) != -1) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n') {
                    if (!quoted) {
                        return;
                    }
                    line++;
                }
            }
        }
    }
}

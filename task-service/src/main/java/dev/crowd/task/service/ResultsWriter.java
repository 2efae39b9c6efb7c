package dev.crowd.task.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Streams a job's results (regular items only; gold stays private) from a server-side cursor straight
 * to the response, in CSV, JSONL or Label Studio JSON. Unresolved items are listed with no label.
 */
@ApplicationScoped
public class ResultsWriter {

    public enum Format {
        CSV("text/csv"), JSONL("application/x-ndjson"), LABELSTUDIO("application/json");

        public final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public static Format of(String value) {
            if (value == null || value.isBlank()) {
                return JSONL;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("format", "must be csv, jsonl or labelstudio");
            }
        }
    }

    private static final String QUERY = """
            select id, seq, external_id, data::text, resolved_label, confidence, agreement, judgments,
                   low_confidence, method
            from item where job_id = ? and gold_label is null order by seq""";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public ResultsWriter(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** 404 unless the job exists and belongs to {@code requesterId}. */
    public void requireOwn(String requesterId, UUID jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select requester_id from job where id = ?")) {
            s.setObject(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(requesterId)) {
                    throw ProblemException.notFound("Job " + jobId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(UUID jobId, Format format, OutputStream out) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
            try (PreparedStatement s = c.prepareStatement(QUERY)) {
                s.setFetchSize(2000);
                s.setObject(1, jobId);
                try (ResultSet rs = s.executeQuery()) {
                    switch (format) {
                        case CSV -> csv(rs, out);
                        case JSONL -> jsonl(rs, out);
                        case LABELSTUDIO -> labelStudio(rs, out);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void csv(ResultSet rs, OutputStream out) throws SQLException, IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("item_id,external_id,label,confidence,agreement,judgments,low_confidence,method,data\n");
        while (rs.next()) {
            w.write(rs.getString(1));
            w.write(',');
            w.write(csvField(rs.getString(3)));
            w.write(',');
            w.write(csvField(rs.getString(5)));
            w.write(',');
            w.write(number(rs, 6));
            w.write(',');
            w.write(number(rs, 7));
            w.write(',');
            w.write(number(rs, 8));
            w.write(',');
            w.write(number(rs, 9));
            w.write(',');
            w.write(csvField(rs.getString(10)));
            w.write(',');
            w.write(csvField(rs.getString(4)));
            w.write('\n');
        }
        w.flush();
    }

    private static String number(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? "" : value.toString();
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private void jsonl(ResultSet rs, OutputStream out) throws SQLException, IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            while (rs.next()) {
                g.writeStartObject();
                g.writeStringField("itemId", rs.getString(1));
                g.writeStringField("externalId", rs.getString(3));
                g.writeFieldName("data");
                g.writeRawValue(rs.getString(4));
                result(g, rs);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private void result(JsonGenerator g, ResultSet rs) throws SQLException, IOException {
        g.writeStringField("label", rs.getString(5));
        writeNumber(g, "confidence", rs.getObject(6));
        writeNumber(g, "agreement", rs.getObject(7));
        writeNumber(g, "judgments", rs.getObject(8));
        g.writeFieldName("lowConfidence");
        Object low = rs.getObject(9);
        if (low == null) {
            g.writeNull();
        } else {
            g.writeBoolean((Boolean) low);
        }
        g.writeStringField("method", rs.getString(10));
    }

    private static void writeNumber(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else {
            g.writeNumber(((Number) value).doubleValue());
        }
    }

    private void labelStudio(ResultSet rs, OutputStream out) throws SQLException, IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartArray();
            while (rs.next()) {
                g.writeStartObject();
                g.writeNumberField("id", rs.getLong(2));
                g.writeFieldName("data");
                g.writeRawValue(rs.getString(4));
                String label = rs.getString(5);
                g.writeArrayFieldStart("predictions");
                if (label != null) {
                    g.writeStartObject();
                    g.writeStringField("model_version", rs.getString(10));
                    writeNumber(g, "score", rs.getObject(6));
                    g.writeArrayFieldStart("result");
                    g.writeStartObject();
                    g.writeStringField("from_name", "label");
                    g.writeStringField("to_name", "item");
                    g.writeStringField("type", "choices");
                    g.writeObjectFieldStart("value");
                    g.writeArrayFieldStart("choices");
                    g.writeString(label);
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("meta");
                g.writeStringField("itemId", rs.getString(1));
                g.writeStringField("externalId", rs.getString(3));
                result(g, rs);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}

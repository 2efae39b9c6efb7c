package dev.crowd.task.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.imports.ImportSink;
import dev.crowd.task.imports.ItemFormat;
import dev.crowd.task.JobModel.LabelDef;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Streams an upload into the item table: rows are parsed one at a time and sent to PostgreSQL with
 * COPY in ~1 MB batches, inside one transaction that holds the job's row lock. The upload is
 * all-or-nothing: after the first bad row nothing more is copied, parsing goes on only to complete
 * the error report (up to the cap), and the transaction is rolled back. Memory stays flat whatever
 * the size of the upload. Blocking (JDBC): call it from a worker thread.
 */
@ApplicationScoped
public class ItemImporter {

    public record ImportResult(long imported, long gold, long itemsTotal, long goldTotal) {
    }

    private static final TypeReference<List<LabelDef>> LABELS = new TypeReference<>() {
    };
    private static final int FLUSH_BYTES = 1 << 20;

    private final AgroalDataSource dataSource;
    private final TaskConfig config;
    private final Json json;

    public ItemImporter(AgroalDataSource dataSource, TaskConfig config, Json json) {
        this.dataSource = dataSource;
        this.config = config;
        this.json = json;
    }

    /**
     * @param allGold true for a gold upload: every row must carry a {@code gold_label}
     */
    public ImportResult importItems(String requesterId, UUID jobId, ItemFormat format, boolean allGold,
                                    Long contentLength, InputStream body) {
        long maxBytes = config.imports().maxBytes();
        if (contentLength != null && contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ImportResult result = run(connection, requesterId, jobId, format, allGold, body, maxBytes);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException | IOException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("item import failed", e);
        } catch (IOException e) {
            if (e instanceof TooLarge) {
                throw tooLarge(maxBytes);
            }
            throw ProblemException.badRequest("unreadable-upload", "The upload could not be read: " + e.getMessage(), null);
        }
    }

    private ImportResult run(Connection connection, String requesterId, UUID jobId, ItemFormat format,
                             boolean allGold, InputStream body, long maxBytes) throws SQLException, IOException {
        long seq;
        long itemCount;
        long goldCount;
        Set<String> labelKeys = new HashSet<>();
        try (PreparedStatement lock = connection.prepareStatement(
                "select requester_id, status, item_count, gold_count, labels from job where id = ? for update")) {
            lock.setObject(1, jobId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(requesterId)) {
                    throw ProblemException.notFound("Job " + jobId);
                }
                if (!"DRAFT".equals(rs.getString(2))) {
                    throw ProblemException.conflict("job-status", "Items can be added only while the job is a DRAFT")
                            .with("jobStatus", rs.getString(2));
                }
                itemCount = rs.getLong(3);
                goldCount = rs.getLong(4);
                json.read(rs.getString(5), LABELS).forEach(l -> labelKeys.add(l.key()));
            }
        }
        try (PreparedStatement max = connection.prepareStatement("select coalesce(max(seq), 0) from item where job_id = ?")) {
            max.setObject(1, jobId);
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy item (id, job_id, seq, external_id, data, gold_label) from stdin (format text)");
        Sink sink = new Sink(copy, jobId, seq, labelKeys, allGold,
                config.imports().maxItemsPerJob() - itemCount - goldCount);
        try {
            format.parse(new LimitedInputStream(body, maxBytes), json.mapper(), config.imports().maxLineChars(), sink);
            if (sink.errorCount == 0 && sink.imported == 0) {
                sink.error(0, "body", "the upload holds no items");
            }
            if (sink.errorCount > 0) {
                copy.cancelCopy();
                List<Problem.FieldError> shown = sink.errors;
                throw new ProblemException(400, "invalid-items", "Invalid items",
                        sink.errorCount + " bad row(s); nothing was imported", shown)
                        .with("errorCount", sink.errorCount)
                        .with("errorsShown", shown.size());
            }
            sink.flush();
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update job set item_count = item_count + ?, gold_count = gold_count + ?, updated_at = now() where id = ?")) {
            update.setLong(1, sink.imported - sink.gold);
            update.setLong(2, sink.gold);
            update.setObject(3, jobId);
            update.executeUpdate();
        }
        return new ImportResult(sink.imported, sink.gold, itemCount + sink.imported - sink.gold, goldCount + sink.gold);
    }

    private ProblemException tooLarge(long maxBytes) {
        return ProblemException.tooLarge("upload-too-large", "An upload may hold at most " + maxBytes + " bytes")
                .with("maxBytes", maxBytes);
    }

    /** Validates rows and turns good ones into COPY text lines. */
    private final class Sink implements ImportSink {
        private final CopyIn copy;
        private final String jobPrefix;
        private final Set<String> labels;
        private final boolean allGold;
        private final long room;
        private final List<Problem.FieldError> errors = new ArrayList<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + 65536);
        private final StringBuilder row = new StringBuilder(512);
        private long seq;
        private long imported;
        private long gold;
        private long errorCount;

        Sink(CopyIn copy, UUID jobId, long seq, Set<String> labels, boolean allGold, long room) {
            this.copy = copy;
            this.jobPrefix = "\t" + jobId + "\t";
            this.seq = seq;
            this.labels = labels;
            this.allGold = allGold;
            this.room = room;
        }

        @Override
        public void item(long line, String externalId, ObjectNode data, String goldLabel) {
            if (allGold && goldLabel == null) {
                error(line, "gold_label", "a gold upload needs the known answer of every item");
                return;
            }
            if (goldLabel != null && !labels.contains(goldLabel)) {
                error(line, "gold_label", "unknown label " + goldLabel + "; the label set is " + labels);
                return;
            }
            if (imported >= room) {
                if (imported == room) {
                    error(line, "items", "the job may hold at most " + config.imports().maxItemsPerJob() + " items");
                }
                imported++;
                return;
            }
            imported++;
            if (goldLabel != null) {
                gold++;
            }
            if (errorCount > 0) {
                return; // the upload has failed: keep reading only for the error report
            }
            row.setLength(0);
            row.append(UUID.randomUUID()).append(jobPrefix).append(++seq).append('\t');
            appendCopyText(externalId);
            row.append('\t');
            appendCopyText(data.toString());
            row.append('\t');
            appendCopyText(goldLabel);
            row.append('\n');
            byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
            buffer.write(bytes, 0, bytes.length);
            if (buffer.size() >= FLUSH_BYTES) {
                flush();
            }
        }

        @Override
        public void error(long line, String field, String reason) {
            errorCount++;
            if (errors.size() < config.imports().maxErrors()) {
                errors.add(new Problem.FieldError(field, reason, line <= 0 ? null : line));
            }
        }

        void flush() {
            if (buffer.size() == 0) {
                return;
            }
            try {
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            } catch (SQLException e) {
                throw new IllegalStateException("copy failed", e);
            }
            buffer.reset();
        }

        /** PostgreSQL COPY text format: \N for null; backslash, tab, newline and CR escaped. */
        private void appendCopyText(String value) {
            if (value == null) {
                row.append("\\N");
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> row.append("\\\\");
                    case '\t' -> row.append("\\t");
                    case '\n' -> row.append("\\n");
                    case '\r' -> row.append("\\r");
                    default -> row.append(c);
                }
            }
        }
    }

    static final class TooLarge extends IOException {
        TooLarge() {
            super("upload too large");
        }
    }

    /** Fails the read once more than {@code max} bytes have arrived (chunked uploads have no length). */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) {
                throw new TooLarge();
            }
            return n;
        }
    }
}

package dev.crowd.payment.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The tamper-evident chain: each entry's hash is SHA-256 over the previous entry's hash and this entry's
 * content (position, key, kind, job, time in microseconds, and its lines in account order). Changing,
 * removing or reordering any entry breaks every hash after it.
 */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    /** What the hash covers of one entry. */
    public record Content(long seq, String idempotencyKey, EntryKind kind, UUID jobId, Instant createdAt,
                          List<Line> lines) {
    }

    public static String of(String previousHash, Content entry) {
        StringBuilder text = new StringBuilder(128 + entry.lines().size() * 64)
                .append(previousHash).append('\n')
                .append(entry.seq()).append('|')
                .append(entry.idempotencyKey()).append('|')
                .append(entry.kind().name()).append('|')
                .append(entry.jobId() == null ? "-" : entry.jobId().toString()).append('|')
                .append(micros(entry.createdAt()));
        entry.lines().stream()
                .sorted((a, b) -> a.account().compareTo(b.account()))
                .forEach(line -> text.append('\n').append(line.account().canonical()).append('=').append(line.amount()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database keeps microseconds: hash exactly what can be read back. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private ChainHash() {
    }
}

package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One chunk of a job's gold (control) items with their known labels, for qa-service only.
 * Chunks are numbered from 0; {@code chunkCount} tells the consumer when it has all of them.
 */
public record GoldRegistered(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        int chunkIndex,
        int chunkCount,
        List<GoldItem> items) implements JobEvent {

    public record GoldItem(UUID itemId, String label) {
    }
}

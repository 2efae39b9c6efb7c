package dev.crowd.contracts.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** These items are not yet confident: task-service reopens one more slot for each (up to the maximum). */
public record JudgmentsRequested(UUID eventId, Instant occurredAt, UUID jobId, List<UUID> itemIds)
        implements QualityEvent {
}

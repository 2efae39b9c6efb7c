package dev.crowd.contracts.work;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record AssignmentReturned(UUID eventId, Instant occurredAt, UUID jobId, UUID assignmentId, String workerId,
                         List<UUID> itemIds) implements WorkEvent {
}

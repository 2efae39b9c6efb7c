package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.UUID;

public record JobPaused(UUID eventId, Instant occurredAt, UUID jobId, String requesterId) implements JobEvent {
}

package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * Not written by task-service any more (nobody consumed it; pausing is task-service's own business).
 * Kept only as the sample of an event a consumer does not use in libs/platform's inbox tests.
 */
public record JobPaused(UUID eventId, Instant occurredAt, UUID jobId, String requesterId) implements JobEvent {
}

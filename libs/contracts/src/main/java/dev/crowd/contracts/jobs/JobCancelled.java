package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.UUID;

/** The requester cancelled the job; what is left in its escrow goes back to them. */
public record JobCancelled(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, String reason)
        implements JobEvent {
}

package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.UUID;

/** Every item of the job is resolved; what is left in its escrow goes back to the requester. */
public record JobCompleted(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, long itemsResolved)
        implements JobEvent {
}

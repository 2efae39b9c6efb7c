package dev.crowd.contracts.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * Every item of the job is resolved; what is left in its escrow goes back to the requester.
 *
 * @param answers every answer the job accepted from annotators, gold included. qa-service gives each
 *                exactly one (non-corrective) verdict, so payment-service releases the escrow once it
 *                has seen that many: an answer reviewed late (say after a restart) is still paid from
 *                the escrow. Null in events written before the field existed: release at once.
 */
public record JobCompleted(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, long itemsResolved,
                           Long answers) implements JobEvent {

    public JobCompleted(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, long itemsResolved) {
        this(eventId, occurredAt, jobId, requesterId, itemsResolved, null);
    }
}

package dev.crowd.contracts.payments;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** What was left in the job's escrow went back to the requester. */
public record EscrowReleased(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, Money amount)
        implements PaymentEvent {
    @Override
    public String key() {
        return jobId.toString();
    }
}

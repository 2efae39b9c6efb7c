package dev.crowd.contracts.payments;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** The job's budget now sits in its escrow account. */
public record JobFunded(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, Money amount)
        implements PaymentEvent {
    @Override
    public String key() {
        return jobId.toString();
    }
}

package dev.crowd.contracts.payments;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** Money left the platform to an annotator's bank account. Keyed by worker id. */
public record PayoutCompleted(UUID eventId, Instant occurredAt, UUID payoutId, String workerId, Money amount)
        implements PaymentEvent {
    @Override
    public String key() {
        return workerId;
    }
}

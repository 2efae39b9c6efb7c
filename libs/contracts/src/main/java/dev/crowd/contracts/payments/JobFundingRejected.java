package dev.crowd.contracts.payments;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** The requester's available balance was short; nothing moved. */
public record JobFundingRejected(UUID eventId, Instant occurredAt, UUID jobId, String requesterId,
                                 Money required, Money available, Money shortfall) implements PaymentEvent {
    @Override
    public String key() {
        return jobId.toString();
    }
}

package dev.crowd.contracts.payments;

import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Accepted answers paid from the job's escrow, caused by the review event {@code reviewEventId}. */
public record ItemsPaid(UUID eventId, Instant occurredAt, UUID jobId, UUID reviewEventId, List<Payment> payments)
        implements PaymentEvent {

    public record Payment(UUID assignmentId, UUID itemId, String workerId, Money reward, Money fee) {
    }

    @Override
    public String key() {
        return jobId.toString();
    }
}

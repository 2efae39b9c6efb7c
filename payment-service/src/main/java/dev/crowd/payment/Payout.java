package dev.crowd.payment;

import java.time.Instant;
import java.util.UUID;

/** An annotator's withdrawal. REQUESTED → SUBMITTED (in a provider batch) → PAID, or FAILED (money returned). */
public record Payout(UUID id, String workerId, long amount, String currency, Status status, UUID batchId,
                     String failureReason, Instant requestedAt, Instant completedAt) {

    public enum Status { REQUESTED, SUBMITTED, PAID, FAILED }
}

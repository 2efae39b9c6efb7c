package dev.crowd.payment;

import java.time.Instant;
import java.util.UUID;

/** Payouts handed to the provider together (the bank file of one day); CONFIRMED once the outcome is known. */
public record PayoutBatch(UUID id, String provider, String reference, Status status, int payoutCount, long total,
                          Instant createdAt, Instant confirmedAt) {

    public enum Status { SUBMITTED, CONFIRMED }
}

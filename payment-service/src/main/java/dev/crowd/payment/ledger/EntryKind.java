package dev.crowd.payment.ledger;

/** Why a journal entry was posted; also the statement filter {@code kind}. */
public enum EntryKind {
    DEPOSIT,
    JOB_FUNDING,
    ITEM_PAYMENT,
    /** Accepted answers of a job whose escrow was already released, paid from the requester's available balance. */
    LATE_ITEM_PAYMENT,
    ESCROW_RELEASE,
    BONUS,
    PAYOUT_REQUEST,
    PAYOUT_SETTLED,
    PAYOUT_RETURNED
}

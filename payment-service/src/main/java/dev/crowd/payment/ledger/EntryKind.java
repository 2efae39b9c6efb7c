package dev.crowd.payment.ledger;

/** Why a journal entry was posted; also the statement filter {@code kind}. */
public enum EntryKind {
    DEPOSIT,
    JOB_FUNDING,
    ITEM_PAYMENT,
    ESCROW_RELEASE,
    BONUS,
    PAYOUT_REQUEST,
    PAYOUT_SETTLED,
    PAYOUT_RETURNED
}

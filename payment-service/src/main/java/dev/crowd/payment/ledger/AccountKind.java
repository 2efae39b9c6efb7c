package dev.crowd.payment.ledger;

/**
 * The kinds of ledger account. Each account is one (kind, owner) pair; the owner is a user id, a job id
 * or {@code platform}.
 */
public enum AccountKind {
    /** What a requester has deposited and not yet committed to a job. */
    REQUESTER_AVAILABLE(true),
    /** One per job: the reserved budget not yet paid out or released. */
    JOB_ESCROW(true),
    /** What an annotator has earned and not yet withdrawn. */
    ANNOTATOR_AVAILABLE(true),
    /** A withdrawal handed to the payout provider and not yet confirmed (clearing account). */
    PAYOUT_IN_TRANSIT(true),
    /** The platform's fees. */
    PLATFORM_REVENUE(true),
    /** Mirror of money that entered the platform: its balance is minus all deposits. */
    EXTERNAL_DEPOSITS(false),
    /** Mirror of money that left the platform: its balance is all completed payouts. */
    EXTERNAL_PAYOUTS(true);

    private final boolean nonNegative;

    AccountKind(boolean nonNegative) {
        this.nonNegative = nonNegative;
    }

    /** True when a posting that would take this account below zero must be refused. */
    public boolean mustStayNonNegative() {
        return nonNegative;
    }

    /** Kinds whose owner is a person and whose balance that person may read. */
    public boolean isPersonal() {
        return this == REQUESTER_AVAILABLE || this == ANNOTATOR_AVAILABLE || this == PAYOUT_IN_TRANSIT;
    }
}

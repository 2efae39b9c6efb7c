package dev.crowd.payment.ledger;

import java.util.Objects;
import java.util.UUID;

/** Names an account: its kind and owner. Ordered by kind, then owner (the order accounts are created in). */
public record AccountRef(AccountKind kind, String owner) implements Comparable<AccountRef> {

    public static final String PLATFORM = "platform";

    public AccountRef {
        Objects.requireNonNull(kind, "kind");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("account owner is required");
        }
    }

    public static AccountRef requester(String requesterId) {
        return new AccountRef(AccountKind.REQUESTER_AVAILABLE, requesterId);
    }

    public static AccountRef escrow(UUID jobId) {
        return new AccountRef(AccountKind.JOB_ESCROW, jobId.toString());
    }

    public static AccountRef annotator(String workerId) {
        return new AccountRef(AccountKind.ANNOTATOR_AVAILABLE, workerId);
    }

    public static AccountRef payoutInTransit(String workerId) {
        return new AccountRef(AccountKind.PAYOUT_IN_TRANSIT, workerId);
    }

    public static AccountRef revenue() {
        return new AccountRef(AccountKind.PLATFORM_REVENUE, PLATFORM);
    }

    public static AccountRef deposits() {
        return new AccountRef(AccountKind.EXTERNAL_DEPOSITS, PLATFORM);
    }

    public static AccountRef payouts() {
        return new AccountRef(AccountKind.EXTERNAL_PAYOUTS, PLATFORM);
    }

    /** Stable text form used in the hash chain, e.g. {@code JOB_ESCROW:6f1c...}. */
    public String canonical() {
        return kind.name() + ":" + owner;
    }

    @Override
    public int compareTo(AccountRef other) {
        int byKind = kind.name().compareTo(other.kind.name());
        return byKind != 0 ? byKind : owner.compareTo(other.owner);
    }
}

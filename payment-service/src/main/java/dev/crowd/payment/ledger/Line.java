package dev.crowd.payment.ledger;

import java.util.Objects;

/** One leg of a journal entry: {@code amount} (minor units, signed) is added to the account's balance. */
public record Line(AccountRef account, long amount) {
    public Line {
        Objects.requireNonNull(account, "account");
    }
}

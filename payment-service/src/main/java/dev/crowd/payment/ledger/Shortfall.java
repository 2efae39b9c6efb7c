package dev.crowd.payment.ledger;

/** A posting refused because {@code account} holds {@code available} and the entry takes {@code required}. */
public record Shortfall(AccountRef account, long available, long required) {
    public long missing() {
        return required - available;
    }
}

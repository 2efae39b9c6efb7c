package dev.crowd.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount of the deployment's currency, in minor units of {@value #SCALE} decimal places
 * (1/10,000 of the currency unit), fine enough for sub-cent per-item rewards. Never floating point.
 */
public record Money(long amount, String currency) {

    /** Decimal places of {@link #amount}: 4 means 1.00 EUR is {@code 10_000}. */
    public static final int SCALE = 4;
    public static final long UNIT = 10_000L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    /** This amount times {@code basisPoints}/10,000, rounded half up (fees are never rounded to nothing). */
    public Money percentBasisPoints(int basisPoints) {
        long product = Math.multiplyExact(amount, (long) basisPoints);
        long rounded = Math.floorDiv(product + 5_000, 10_000);
        return new Money(rounded, currency);
    }

    @JsonIgnore
    public boolean isNegative() {
        return amount < 0;
    }

    /** Decimal form for people, e.g. {@code 0.0125 EUR}. */
    public String toDisplayString() {
        return BigDecimal.valueOf(amount, SCALE).toPlainString() + " " + currency;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }
}

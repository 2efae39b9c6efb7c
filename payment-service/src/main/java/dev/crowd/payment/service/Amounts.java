package dev.crowd.payment.service;

import dev.crowd.contracts.Money;
import dev.crowd.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Validation of amounts received through the API. */
final class Amounts {

    /**
     * The largest amount one request may move: 10^15 minor units (100,000,000,000.0000). Far beyond any
     * real deposit, bonus or payout, and far enough below {@code Long.MAX_VALUE} (about 9.2 × 10^18) that
     * an amount plus its fee never overflows.
     */
    static final long MAX = 1_000_000_000_000_000L;

    /** Refuses a missing, non-positive, too large or foreign-currency amount with a 400 naming {@code field}. */
    static long requirePositive(Long amount, String currency, String deploymentCurrency, String field) {
        if (amount == null) {
            throw ProblemException.invalidField(field, "is required (minor units of 1/" + Money.UNIT + ")");
        }
        if (amount <= 0) {
            throw ProblemException.invalidField(field, "must be positive");
        }
        if (amount > MAX) {
            throw ProblemException.invalidField(field, "must be at most " + MAX + " (minor units of 1/" + Money.UNIT + ")");
        }
        if (currency != null && !currency.equals(deploymentCurrency)) {
            throw ProblemException.invalidField("currency", "must be " + deploymentCurrency);
        }
        return amount;
    }

    /**
     * A posting whose sum would not fit a balance (many maximal deposits on one account) is bad input too:
     * a 400 naming {@code field}, never a 500.
     */
    static <T> Uni<T> overflowIsInvalid(Uni<T> posting, String field) {
        return posting.onFailure(ArithmeticException.class).transform(e -> ProblemException.invalidField(field,
                "would take a balance beyond the largest amount the ledger holds"));
    }

    /** A client's Idempotency-Key header: required, 1..200 characters. */
    static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw ProblemException.invalidField("Idempotency-Key", "header is required");
        }
        if (key.length() > 200) {
            throw ProblemException.invalidField("Idempotency-Key", "must be at most 200 characters");
        }
        return key;
    }

    private Amounts() {
    }
}

package dev.crowd.payment.service;

import dev.crowd.contracts.Money;
import dev.crowd.platform.problem.ProblemException;

/** Validation of amounts received through the API. */
final class Amounts {

    /** Refuses a missing, non-positive or foreign-currency amount with a 400 naming {@code field}. */
    static long requirePositive(Long amount, String currency, String deploymentCurrency, String field) {
        if (amount == null) {
            throw ProblemException.invalidField(field, "is required (minor units of 1/" + Money.UNIT + ")");
        }
        if (amount <= 0) {
            throw ProblemException.invalidField(field, "must be positive");
        }
        if (currency != null && !currency.equals(deploymentCurrency)) {
            throw ProblemException.invalidField("currency", "must be " + deploymentCurrency);
        }
        return amount;
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

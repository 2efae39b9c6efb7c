package dev.crowd.sim;

/** Amounts as the platform keeps them: integer minor units of 1/10,000 of the currency (EUR here). */
final class Money {

    static final long SCALE = 10_000;

    /** {@code 1234567} as {@code "123.4567 EUR"}. */
    static String format(long minorUnits) {
        String sign = minorUnits < 0 ? "-" : "";
        long abs = Math.abs(minorUnits);
        return String.format("%s%d.%04d EUR", sign, abs / SCALE, abs % SCALE);
    }

    private Money() {
    }
}

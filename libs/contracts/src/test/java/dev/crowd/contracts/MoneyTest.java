package dev.crowd.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void feeIsRoundedHalfUpInMinorUnits() {
        assertThat(new Money(125, "EUR").percentBasisPoints(2000).amount()).isEqualTo(25);
        assertThat(new Money(3, "EUR").percentBasisPoints(2000).amount()).as("0.6 rounds to 1").isEqualTo(1);
        assertThat(new Money(2, "EUR").percentBasisPoints(2000).amount()).as("0.4 rounds to 0").isZero();
    }

    @Test
    void arithmeticIsExactAndRefusesOverflowAndMixedCurrencies() {
        assertThat(new Money(10_000, "EUR").times(3).plus(new Money(1, "EUR")).toDisplayString()).isEqualTo("3.0001 EUR");
        assertThatThrownBy(() -> new Money(Long.MAX_VALUE, "EUR").plus(new Money(1, "EUR")))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new Money(1, "EUR").plus(new Money(1, "USD")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "EURO")).isInstanceOf(IllegalArgumentException.class);
    }
}

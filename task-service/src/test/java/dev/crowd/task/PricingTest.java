package dev.crowd.task;

import dev.crowd.contracts.Money;
import dev.crowd.task.service.Pricing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PricingTest {

    @Test
    void budgetsEveryJudgmentSlotWithTheFee() {
        Pricing.Price price = Pricing.price(1000, 0, 3, 10, 0, new Money(125, "EUR"), 2000);
        assertEquals(new Money(25, "EUR"), price.feePerJudgment());
        assertEquals(3000, price.maxJudgments());
        assertEquals(new Money(3000 * 150, "EUR"), price.budget());
    }

    @Test
    void goldJudgmentsAreBudgetedPerInitialMicroJob() {
        // 95 items in micro-jobs of 10 -> 10 micro-jobs; x max 3 x 2 gold = 60 gold judgments.
        Pricing.Price price = Pricing.price(95, 20, 3, 10, 2, new Money(100, "EUR"), 2000);
        assertEquals(285, price.regularJudgments());
        assertEquals(60, price.goldJudgments());
        assertEquals(new Money(345 * 120, "EUR"), price.budget());
    }

    @Test
    void feeRoundsHalfUpAndNeverUsesFloatingPoint() {
        assertEquals(new Money(1, "EUR"), Pricing.price(1, 0, 1, 1, 0, new Money(3, "EUR"), 2000).feePerJudgment());
        assertEquals(new Money(0, "EUR"), Pricing.price(1, 0, 1, 1, 0, new Money(2, "EUR"), 2000).feePerJudgment());
    }

    @Test
    void overflowIsAnErrorNotAWrongBudget() {
        assertThrows(ArithmeticException.class,
                () -> Pricing.price(Long.MAX_VALUE / 2, 0, 50, 10, 0, new Money(1_000_000, "EUR"), 2000));
    }
}

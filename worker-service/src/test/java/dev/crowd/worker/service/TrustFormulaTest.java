package dev.crowd.worker.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrustFormulaTest {

    private final TrustFormula formula = new TrustFormula(0.7, 10, 0.6, 0.3, 0.1, 100);

    @Test
    void newcomerSitsAtThePriorNeitherTrustedNorDistrusted() {
        TrustFormula.Result r = formula.apply(new TrustFormula.Inputs(0, 0, 0, 0));
        assertThat(r.goldAccuracy()).isEqualTo(0.7);
        assertThat(r.agreement()).isEqualTo(0.7);
        assertThat(r.volumeFactor()).isZero();
        // 100 * (0.6 * 0.7 + 0.3 * 0.7 + 0.1 * 0) = 63
        assertThat(r.trust()).isEqualTo(63);
        assertThat(formula.initialTrust()).isEqualTo(63);
    }

    @Test
    void fewPerfectAnswersMoveTrustOnlyALittle() {
        // 2 of 2 gold right: (2 + 7) / (2 + 10) = 0.75, not 1.0
        TrustFormula.Result r = formula.apply(new TrustFormula.Inputs(2, 2, 0, 0));
        assertThat(r.goldAccuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(r.trust()).isBetween(63, 70);
    }

    @Test
    void fewWrongAnswersDoNotSinkANewcomer() {
        TrustFormula.Result r = formula.apply(new TrustFormula.Inputs(0, 2, 0, 2));
        // gold = 7/12, agreement = 7/12, volume = 4/104
        assertThat(r.trust()).isEqualTo((int) Math.round(100 * (0.6 * 7 / 12.0 + 0.3 * 7 / 12.0 + 0.1 * 4 / 104.0)));
        assertThat(r.trust()).isGreaterThan(50);
    }

    @Test
    void longPerfectRecordApproachesHundredAndNeverPassesIt() {
        TrustFormula.Result r = formula.apply(new TrustFormula.Inputs(1_000_000, 1_000_000, 1_000_000, 1_000_000));
        assertThat(r.trust()).isEqualTo(100);
        assertThat(formula.apply(new TrustFormula.Inputs(1000, 1000, 1000, 1000)).trust()).isBetween(95, 100);
    }

    @Test
    void longWrongRecordApproachesTheVolumeShareOnly() {
        TrustFormula.Result r = formula.apply(new TrustFormula.Inputs(0, 1_000_000, 0, 1_000_000));
        // accuracy and agreement near 0, volume near 1: trust near 10, never below 0
        assertThat(r.trust()).isEqualTo(10);
    }

    @Test
    void volumeIsHalfAtTheHalfPoint() {
        assertThat(formula.apply(new TrustFormula.Inputs(50, 50, 50, 50)).volumeFactor()).isEqualTo(0.5);
    }

    @Test
    void moreAgreementNeverLowersTrust() {
        int previous = -1;
        for (long agreed = 0; agreed <= 200; agreed += 10) {
            int trust = formula.apply(new TrustFormula.Inputs(40, 50, agreed, 200)).trust();
            assertThat(trust).isGreaterThanOrEqualTo(previous);
            previous = trust;
        }
    }

    @Test
    void rejectsInconsistentTotalsAndParameters() {
        assertThatThrownBy(() -> new TrustFormula.Inputs(3, 2, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustFormula.Inputs(0, 0, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustFormula(1.5, 10, 1, 1, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustFormula(0.7, 0, 1, 1, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustFormula(0.7, 10, 0, 0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItsParameters() {
        assertThat(formula.describe()).contains("0.6 * gold", "0.3 * agreement", "0.1 * volume", "(goldCorrect + 7)",
                "(goldTotal + 10)", "n / (n + 100)");
    }
}

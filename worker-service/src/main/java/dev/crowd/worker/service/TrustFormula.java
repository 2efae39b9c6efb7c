package dev.crowd.worker.service;

/**
 * Trust 0..100 from an annotator's running totals. Pure arithmetic, no framework.
 *
 * <pre>
 *   gold      = (goldCorrect + prior * strength) / (goldTotal + strength)     Beta prior, mean = prior
 *   agreement = (agreed      + prior * strength) / (reviewed  + strength)
 *   volume    = n / (n + volumeHalf),  n = goldTotal + reviewed               0 for a newcomer, 0.5 at volumeHalf
 *   trust     = round(100 * (wGold * gold + wAgree * agreement + wVolume * volume) / (wGold + wAgree + wVolume))
 * </pre>
 *
 * A newcomer starts at {@code prior} on both rates (neither trusted nor distrusted blindly); evidence
 * moves the rates away from the prior at a speed set by {@code strength} (pseudo-answers).
 */
public record TrustFormula(double prior, double strength, double goldWeight, double agreementWeight,
                           double volumeWeight, double volumeHalf) {

    public TrustFormula {
        if (prior < 0 || prior > 1) {
            throw new IllegalArgumentException("prior must be within 0..1");
        }
        if (strength <= 0 || volumeHalf <= 0) {
            throw new IllegalArgumentException("strength and volumeHalf must be positive");
        }
        if (goldWeight < 0 || agreementWeight < 0 || volumeWeight < 0
                || goldWeight + agreementWeight + volumeWeight <= 0) {
            throw new IllegalArgumentException("weights must be non-negative with a positive sum");
        }
    }

    /** Running totals over every job. */
    public record Inputs(long goldCorrect, long goldTotal, long agreed, long reviewed) {
        public Inputs {
            if (goldCorrect < 0 || goldTotal < goldCorrect || agreed < 0 || reviewed < agreed) {
                throw new IllegalArgumentException("inconsistent totals: " + goldCorrect + "/" + goldTotal
                        + ", " + agreed + "/" + reviewed);
            }
        }

        public long volume() {
            return goldTotal + reviewed;
        }
    }

    /** The trust and the components it came from. */
    public record Result(int trust, double goldAccuracy, double agreement, double volumeFactor) {
    }

    public Result apply(Inputs in) {
        double gold = (in.goldCorrect() + prior * strength) / (in.goldTotal() + strength);
        double agreement = (in.agreed() + prior * strength) / (in.reviewed() + strength);
        double n = in.volume();
        double volume = n / (n + volumeHalf);
        double weighted = (goldWeight * gold + agreementWeight * agreement + volumeWeight * volume)
                / (goldWeight + agreementWeight + volumeWeight);
        int trust = (int) Math.round(100 * weighted);
        return new Result(Math.max(0, Math.min(100, trust)), gold, agreement, volume);
    }

    /** The formula with its parameters, for people. */
    public String describe() {
        double sum = goldWeight + agreementWeight + volumeWeight;
        return ("trust = round(100 * (%s * gold + %s * agreement + %s * volume)); gold = (goldCorrect + %s) / (goldTotal + %s); "
                + "agreement = (agreed + %s) / (reviewed + %s); volume = n / (n + %s), n = goldTotal + reviewed; "
                + "totals over all your jobs").formatted(fmt(goldWeight / sum), fmt(agreementWeight / sum),
                fmt(volumeWeight / sum), fmt(prior * strength), fmt(strength), fmt(prior * strength), fmt(strength),
                fmt(volumeHalf));
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(Math.round(value * 1000) / 1000.0);
    }

    /** Trust of an annotator with no scored work yet. */
    public int initialTrust() {
        return apply(new Inputs(0, 0, 0, 0)).trust();
    }
}

package dev.crowd.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * One set of automatic quality rules. A null rule is off. The platform set applies to every job that
 * has no set of its own; in a job's set only {@link #jobGoldAccuracy} and {@link #tooFast} count
 * (the platform-wide accuracy and the daily cap are always the platform's).
 *
 * @param jobGoldAccuracy      suspend from the job when its gold accuracy is below the minimum
 * @param platformGoldAccuracy suspend from the platform when gold accuracy over all jobs is below the minimum
 * @param tooFast              flag when the median time per item in a job is below the minimum
 * @param dailyCap             suspend new annotators for the rest of the UTC day at the cap
 */
public record QualityRules(@Valid GoldAccuracy jobGoldAccuracy,
                           @Valid GoldAccuracy platformGoldAccuracy,
                           @Valid TooFast tooFast,
                           @Valid DailyCap dailyCap) {

    /**
     * @param minAccuracy    raw gold accuracy (correct / total) under which the rule fires, 0..1
     * @param minGoldAnswers gold answers needed before the rule may fire
     * @param suspendHours   length of the suspension; null: until an admin reinstates
     */
    public record GoldAccuracy(@NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double minAccuracy,
                               @NotNull @Min(1) Integer minGoldAnswers,
                               @Min(1) Integer suspendHours) {
    }

    /**
     * @param minMedianMillisPerItem median time per item under which answers are flagged
     * @param minItems               items answered in the job before the rule may fire
     * @param flagHours              how long the flag stays; null: until an admin clears it
     */
    public record TooFast(@NotNull @Min(1) Long minMedianMillisPerItem,
                          @NotNull @Min(1) Integer minItems,
                          @Min(1) Integer flagHours) {
    }

    /**
     * @param maxItemsPerDay items a new annotator may do per UTC day
     * @param newForDays     an annotator is new for this many days after registering
     */
    public record DailyCap(@NotNull @Min(1) Integer maxItemsPerDay,
                           @NotNull @Min(1) Integer newForDays) {
    }
}

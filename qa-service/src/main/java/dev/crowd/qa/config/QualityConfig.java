package dev.crowd.qa.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How qa-service estimates quality and resolves items. */
@ConfigMapping(prefix = "crowd.qa")
public interface QualityConfig {

    /**
     * Accuracy assumed for an annotator the service knows nothing about yet (no gold answered, no full
     * estimation). Their errors are taken as spread evenly over the other labels.
     */
    @WithDefault("0.7")
    double defaultAccuracy();

    /**
     * Weight of {@link #defaultAccuracy()} in pseudo-answers when gold answers update an annotator's
     * accuracy before the first full estimation: (correct + default x strength) / (total + strength).
     */
    @WithDefault("4")
    double priorStrength();

    /**
     * Pseudo-answers of an annotator's one-coin row blended into each row of their full confusion matrix
     * before it is used online (see {@code Shrinkage}); also pseudo-items per class for the priors.
     */
    @WithDefault("10")
    double confusionPriorStrength();

    /**
     * Pseudo-answers per confusion-matrix cell in the service's full Dawid-Skene estimation. Larger than
     * the benchmark's default: a job's first estimations see few answers per annotator.
     */
    @WithDefault("1.0")
    double smoothing();

    /**
     * How often jobs with new judgments are re-estimated in full (Dawid-Skene over all their
     * judgments, gold clamped); {@code off} disables the timer (the admin endpoint still works).
     */
    @WithDefault("60s")
    String reestimateEvery();

    /** Bins of the confidence histogram of a job's resolved items. */
    @WithDefault("10")
    int histogramBins();
}

package dev.crowd.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Platform-wide quality rules used until an admin stores a platform set through the API
 * ({@code PUT /admin/quality-rules}). Each rule can be switched off with its {@code enabled} flag.
 */
@ConfigMapping(prefix = "crowd.quality-rules")
public interface QualityRulesConfig {

    /** Suspend from a job when gold accuracy on it stays low. */
    GoldAccuracy jobGoldAccuracy();

    /** Suspend from the platform when gold accuracy over all jobs stays low. */
    PlatformGoldAccuracy platformGoldAccuracy();

    /** Flag answers that are too fast. */
    TooFast tooFast();

    /** Cap the daily volume of new annotators. */
    DailyCap dailyCap();

    interface GoldAccuracy {
        @WithDefault("true")
        boolean enabled();

        /** Minimum raw gold accuracy, 0..1. */
        @WithDefault("0.6")
        double minAccuracy();

        /** Gold answers needed before the rule may fire. */
        @WithDefault("20")
        int minGoldAnswers();

        /** Suspension length in hours; empty: until an admin reinstates. */
        Optional<Integer> suspendHours();
    }

    interface PlatformGoldAccuracy {
        @WithDefault("true")
        boolean enabled();

        /** Minimum raw gold accuracy over all jobs, 0..1. */
        @WithDefault("0.5")
        double minAccuracy();

        /** Gold answers over all jobs needed before the rule may fire. */
        @WithDefault("50")
        int minGoldAnswers();

        /** Suspension length in hours; empty: until an admin reinstates. */
        @WithDefault("72")
        Optional<Integer> suspendHours();
    }

    interface TooFast {
        @WithDefault("true")
        boolean enabled();

        /** Median milliseconds per item under which answers are flagged. */
        @WithDefault("1500")
        long minMedianMillisPerItem();

        /** Items answered in the job before the rule may fire. */
        @WithDefault("10")
        int minItems();

        /** How long a flag stays, in hours. */
        @WithDefault("168")
        Optional<Integer> flagHours();
    }

    interface DailyCap {
        @WithDefault("true")
        boolean enabled();

        /** Items a new annotator may do per UTC day. */
        @WithDefault("500")
        int maxItemsPerDay();

        /** Days after registration during which an annotator counts as new. */
        @WithDefault("7")
        int newForDays();
    }
}

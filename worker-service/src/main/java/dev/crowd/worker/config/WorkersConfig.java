package dev.crowd.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of worker-service that are not about trust or rules. */
@ConfigMapping(prefix = "crowd.workers")
public interface WorkersConfig {

    /** Shown to a sanctioned annotator: how to appeal. */
    @WithDefault("If you think this is a mistake, appeal within 14 days: POST /api/workers/me/appeals with the sanction id and "
            + "your explanation. An admin reviews every appeal and can reinstate you.")
    String appealInstructions();

    /** How often expired sanctions and qualifications are swept (and the change announced). */
    @WithDefault("60s")
    Duration expirySweepEvery();

    /** Largest page an admin search returns. */
    @WithDefault("200")
    int maxPageSize();
}

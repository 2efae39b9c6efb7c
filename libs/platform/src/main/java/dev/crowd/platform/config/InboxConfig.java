package dev.crowd.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How consumed events are retried before they go to the dead-letter topic. */
@ConfigMapping(prefix = "crowd.inbox")
public interface InboxConfig {

    /** Retries after the first failed attempt (transient faults: a lost connection, a deadlock). */
    @WithDefault("3")
    int retries();

    /** First back-off between retries; it doubles each time. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /**
     * Longest back-off between retries after a transient failure (the database restarting, a dropped
     * connection). Those are retried until they succeed, never dead-lettered: the event is fine.
     */
    @WithDefault("5s")
    Duration maxBackoff();

    /**
     * Most events one transaction applies when a consumer takes its records in batches
     * ({@code Inbox.handleBatch}): bounds the transaction's length and the locks it holds.
     */
    @WithDefault("100")
    int maxEventsPerTransaction();
}

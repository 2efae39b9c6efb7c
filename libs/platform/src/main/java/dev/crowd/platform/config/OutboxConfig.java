package dev.crowd.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the outbox relay drains the outbox table into Kafka. */
@ConfigMapping(prefix = "crowd.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events when the last look found fewer than a full batch. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Most events sent per transaction. */
    @WithDefault("500")
    int batchSize();

    /** Sent events are kept this long (for audit and replays), then deleted. */
    @WithDefault("P1D")
    Duration retention();

    /** Turn the relay off (e.g. in a test that inspects the outbox table itself). */
    @WithDefault("true")
    boolean enabled();
}

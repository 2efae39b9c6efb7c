package dev.crowd.platform.outbox;

import dev.crowd.platform.config.OutboxConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Skips relay passes when {@code crowd.outbox.enabled=false}. */
@Singleton
public class RelayDisabled implements Scheduled.SkipPredicate {

    private final OutboxConfig config;

    public RelayDisabled(OutboxConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.enabled();
    }
}

package dev.crowd.payment.messaging;

import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.payment.repository.WorkerStandingRepository;
import dev.crowd.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * crowd.workers: keeps each annotator's standing (WorkerProfileChanged), so that a suspended or banned
 * annotator cannot request a payout. Idempotent through the platform {@link Inbox}; WorkerRegistered
 * changes nothing here and is acknowledged without a transaction.
 */
@ApplicationScoped
public class WorkerEventsConsumer {

    private final Inbox inbox;
    private final WorkerStandingRepository standings;

    public WorkerEventsConsumer(Inbox inbox, WorkerStandingRepository standings) {
        this.inbox = inbox;
        this.standings = standings;
    }

    @Incoming("workers")
    public Uni<Void> onWorkerEvent(Message<String> message) {
        return inbox.handle(message, WorkerEvent.class, event -> event instanceof WorkerProfileChanged, event -> switch (event) {
            case WorkerProfileChanged changed -> standings.record(changed);
            case WorkerRegistered registered -> Uni.createFrom().voidItem();
        });
    }
}

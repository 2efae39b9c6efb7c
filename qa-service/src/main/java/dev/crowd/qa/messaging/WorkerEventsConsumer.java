package dev.crowd.qa.messaging;

import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.QualityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.workers: sanctions make a spammer's open judgments stop counting. */
@ApplicationScoped
public class WorkerEventsConsumer {

    private final Inbox inbox;
    private final QualityService quality;

    public WorkerEventsConsumer(Inbox inbox, QualityService quality) {
        this.inbox = inbox;
        this.quality = quality;
    }

    @Incoming("workers")
    public Uni<Void> onWorkerEvent(Message<String> message) {
        return inbox.handle(message, WorkerEvent.class, event -> switch (event) {
            case WorkerProfileChanged changed -> quality.workerChanged(changed);
            default -> Uni.createFrom().voidItem();
        });
    }
}

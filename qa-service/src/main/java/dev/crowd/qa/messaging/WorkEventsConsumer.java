package dev.crowd.qa.messaging;

import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.work.WorkEvent;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.QualityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.work: submitted answers (expired and returned assignments carry no answers to judge). */
@ApplicationScoped
public class WorkEventsConsumer {

    private final Inbox inbox;
    private final QualityService quality;

    public WorkEventsConsumer(Inbox inbox, QualityService quality) {
        this.inbox = inbox;
        this.quality = quality;
    }

    @Incoming("work")
    public Uni<Void> onWorkEvent(Message<String> message) {
        return inbox.handle(message, WorkEvent.class, event -> switch (event) {
            case AssignmentSubmitted submitted -> quality.assignmentSubmitted(submitted);
            default -> Uni.createFrom().voidItem();
        });
    }
}

package dev.crowd.qa.messaging;

import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.QualityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.jobs: the label set and overlap policy, gold chunks, cancellation. */
@ApplicationScoped
public class JobEventsConsumer {

    private final Inbox inbox;
    private final QualityService quality;

    public JobEventsConsumer(Inbox inbox, QualityService quality) {
        this.inbox = inbox;
        this.quality = quality;
    }

    @Incoming("jobs")
    public Uni<Void> onJobEvent(Message<String> message) {
        return inbox.handle(message, JobEvent.class, event -> switch (event) {
            case JobSubmitted submitted -> quality.jobSubmitted(submitted);
            case GoldRegistered gold -> quality.goldRegistered(gold);
            case JobCancelled cancelled -> quality.jobCancelled(cancelled);
            default -> Uni.createFrom().voidItem();
        });
    }
}

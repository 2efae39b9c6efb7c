package dev.crowd.qa.messaging;

import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobCompleted;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.contracts.jobs.JobPaused;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.JobSetupHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.jobs: the label set and overlap policy, gold chunks, cancellation. */
@ApplicationScoped
public class JobEventsConsumer {

    private final Inbox inbox;
    private final JobSetupHandler jobs;

    public JobEventsConsumer(Inbox inbox, JobSetupHandler jobs) {
        this.inbox = inbox;
        this.jobs = jobs;
    }

    @Incoming("jobs")
    public Uni<Void> onJobEvent(Message<String> message) {
        return inbox.handle(message, JobEvent.class, event -> switch (event) {
            case JobSubmitted submitted -> jobs.jobSubmitted(submitted);
            case GoldRegistered gold -> jobs.goldRegistered(gold);
            case JobCancelled cancelled -> jobs.jobCancelled(cancelled);
            // the rules do not depend on pausing or completing a job
            case JobPaused paused -> Uni.createFrom().voidItem();
            case JobCompleted completed -> Uni.createFrom().voidItem();
        });
    }
}

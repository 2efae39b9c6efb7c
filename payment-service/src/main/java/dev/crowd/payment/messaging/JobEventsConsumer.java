package dev.crowd.payment.messaging;

import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobCompleted;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.contracts.jobs.JobPaused;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.payment.service.EscrowService;
import dev.crowd.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.jobs: fund a submitted job's escrow; release it when the job completes or is cancelled. */
@ApplicationScoped
public class JobEventsConsumer {

    private final Inbox inbox;
    private final EscrowService escrow;

    public JobEventsConsumer(Inbox inbox, EscrowService escrow) {
        this.inbox = inbox;
        this.escrow = escrow;
    }

    @Incoming("jobs")
    public Uni<Void> onJobEvent(Message<String> message) {
        return inbox.handle(message, JobEvent.class, event -> switch (event) {
            case JobSubmitted submitted -> escrow.fund(submitted);
            case JobCompleted completed -> escrow.completed(completed);
            case JobCancelled cancelled -> escrow.release(cancelled.jobId(), cancelled.eventId());
            // gold and pausing change nothing about the money
            case GoldRegistered gold -> Uni.createFrom().voidItem();
            case JobPaused paused -> Uni.createFrom().voidItem();
        });
    }
}

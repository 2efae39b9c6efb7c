package dev.crowd.task.messaging;

import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.contracts.payments.JobFundingRejected;
import dev.crowd.contracts.payments.PaymentEvent;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.task.service.JobLifecycle;
import dev.crowd.task.service.WorkerProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Every event task-service consumes, applied once each through the Inbox. */
@ApplicationScoped
public class EventsConsumer {

    private final Inbox inbox;
    private final JobLifecycle lifecycle;
    private final WorkerProjection workers;

    public EventsConsumer(Inbox inbox, JobLifecycle lifecycle, WorkerProjection workers) {
        this.inbox = inbox;
        this.lifecycle = lifecycle;
        this.workers = workers;
    }

    @Incoming("payments")
    public Uni<Void> onPayment(Message<String> message) {
        return inbox.handle(message, PaymentEvent.class, event -> switch (event) {
            case JobFunded funded -> lifecycle.funded(funded);
            case JobFundingRejected rejected -> lifecycle.fundingRejected(rejected);
            default -> Uni.createFrom().voidItem();
        });
    }

    @Incoming("quality")
    public Uni<Void> onQuality(Message<String> message) {
        // Most of this topic is AnswersReviewed and WorkerScored, which task-service does not use.
        return inbox.handle(message, QualityEvent.class,
                event -> event instanceof ItemResolved || event instanceof JudgmentsRequested, event -> switch (event) {
            case ItemResolved resolved -> lifecycle.itemResolved(resolved);
            case JudgmentsRequested requested -> lifecycle.judgmentsRequested(requested);
            default -> Uni.createFrom().voidItem();
        });
    }

    @Incoming("workers")
    public Uni<Void> onWorker(Message<String> message) {
        return inbox.handle(message, WorkerEvent.class, event -> switch (event) {
            case WorkerRegistered registered -> workers.registered(registered);
            case WorkerProfileChanged changed -> workers.changed(changed);
        });
    }
}

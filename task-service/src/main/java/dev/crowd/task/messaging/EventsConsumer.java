package dev.crowd.task.messaging;

import dev.crowd.contracts.payments.EscrowReleased;
import dev.crowd.contracts.payments.ItemsPaid;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.contracts.payments.JobFundingRejected;
import dev.crowd.contracts.payments.PaymentEvent;
import dev.crowd.contracts.payments.PayoutCompleted;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.task.service.JobLifecycle;
import dev.crowd.task.service.WorkerProjection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Every event task-service consumes, applied once each through the Inbox (the busy topics a poll at a time). */
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
            case ItemsPaid ignored -> Uni.createFrom().voidItem();
            case EscrowReleased ignored -> Uni.createFrom().voidItem();
            case PayoutCompleted ignored -> Uni.createFrom().voidItem();
        });
    }

    /**
     * Most of this topic is AnswersReviewed and WorkerScored, which task-service does not use; the rest
     * is about one ItemResolved per item. A poll's worth is applied in a few transactions, not one each.
     */
    @Incoming("quality")
    public Uni<Void> onQuality(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatch(batch.getRecords(), QualityEvent.class,
                        event -> event instanceof ItemResolved || event instanceof JudgmentsRequested, event -> switch (event) {
                            case ItemResolved resolved -> lifecycle.itemResolved(resolved);
                            case JudgmentsRequested requested -> lifecycle.judgmentsRequested(requested);
                            // Filtered out above: never applied here.
                            case AnswersReviewed ignored -> Uni.createFrom().voidItem();
                            case WorkerScored ignored -> Uni.createFrom().voidItem();
                        })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** An annotator's trust changes with almost every answer they give: batched like crowd.quality. */
    @Incoming("workers")
    public Uni<Void> onWorker(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatch(batch.getRecords(), WorkerEvent.class, event -> true, event -> switch (event) {
                    case WorkerRegistered registered -> workers.registered(registered);
                    case WorkerProfileChanged changed -> workers.changed(changed);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}

package dev.crowd.qa.messaging;

import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.QualityService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** crowd.workers: sanctions make a spammer's open judgments stop counting. */
@ApplicationScoped
public class WorkerEventsConsumer {

    private final Inbox inbox;
    private final QualityService quality;

    public WorkerEventsConsumer(Inbox inbox, QualityService quality) {
        this.inbox = inbox;
        this.quality = quality;
    }

    /**
     * An annotator's profile is announced again with almost every answer they give (their trust moves):
     * a poll's worth is applied in a few transactions, not one each (Inbox.handleBatch), in order.
     */
    @Incoming("workers")
    public Uni<Void> onWorkerEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatch(batch.getRecords(), WorkerEvent.class, event -> event instanceof WorkerProfileChanged,
                        event -> switch (event) {
                            case WorkerProfileChanged changed -> quality.workerChanged(changed);
                            default -> Uni.createFrom().voidItem();
                        })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}

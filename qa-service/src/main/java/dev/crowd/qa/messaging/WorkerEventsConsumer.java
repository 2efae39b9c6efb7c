package dev.crowd.qa.messaging;

import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.StandingHandler;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** crowd.workers: sanctions make a spammer's open judgments stop counting. */
@ApplicationScoped
public class WorkerEventsConsumer {

    private final Inbox inbox;
    private final StandingHandler standings;

    public WorkerEventsConsumer(Inbox inbox, StandingHandler standings) {
        this.inbox = inbox;
        this.standings = standings;
    }

    /**
     * An annotator's profile is announced again with almost every answer they give (their trust moves):
     * a poll's worth is applied in a few transactions, not one each (Inbox.handleBatch), in order.
     */
    @Incoming("workers")
    public Uni<Void> onWorkerEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatch(batch.getRecords(), WorkerEvent.class, event -> event instanceof WorkerProfileChanged,
                        event -> switch (event) {
                            case WorkerProfileChanged changed -> standings.workerChanged(changed);
                            case WorkerRegistered registered -> Uni.createFrom().voidItem(); // filtered out above
                        })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}

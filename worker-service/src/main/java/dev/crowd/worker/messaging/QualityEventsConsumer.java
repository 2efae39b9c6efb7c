package dev.crowd.worker.messaging;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.worker.service.ScoringService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** crowd.quality: WorkerScored turns into trust, rules and sanctions; the other events are not ours. */
@ApplicationScoped
public class QualityEventsConsumer {

    private final Inbox inbox;
    private final ScoringService scoring;

    public QualityEventsConsumer(Inbox inbox, ScoringService scoring) {
        this.inbox = inbox;
        this.scoring = scoring;
    }

    @Incoming("quality")
    public Uni<Void> onQualityEvents(KafkaRecordBatch<String, String> batch) {
        // One WorkerScored per answer among several other events per answer: only it costs work. A poll's
        // worth of them is applied in a few transactions (Inbox.handleBatch), not one transaction each.
        return inbox.handleBatch(batch.getRecords(), QualityEvent.class, event -> event instanceof WorkerScored,
                        event -> switch (event) {
                            case WorkerScored scored -> scoring.apply(scored);
                            case ItemResolved ignored -> Uni.createFrom().voidItem();
                            case AnswersReviewed ignored -> Uni.createFrom().voidItem();
                            case JudgmentsRequested ignored -> Uni.createFrom().voidItem();
                        })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}

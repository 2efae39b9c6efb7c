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

import java.util.ArrayList;
import java.util.List;

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
        // One WorkerScored per annotator and batch of answers, among several other events per answer: only
        // it costs work. A poll's scores are applied together (per annotator once), in a few transactions.
        return inbox.handleBatchTogether(batch.getRecords(), QualityEvent.class, event -> event instanceof WorkerScored,
                        events -> scoring.applyAll(scoresIn(events)))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static List<WorkerScored> scoresIn(List<QualityEvent> events) {
        List<WorkerScored> scores = new ArrayList<>(events.size());
        for (QualityEvent event : events) {
            switch (event) {
                case WorkerScored scored -> scores.add(scored);
                case ItemResolved ignored -> { }
                case AnswersReviewed ignored -> { }
                case JudgmentsRequested ignored -> { }
            }
        }
        return scores;
    }
}

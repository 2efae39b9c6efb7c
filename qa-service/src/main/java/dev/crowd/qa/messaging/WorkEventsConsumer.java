package dev.crowd.qa.messaging;

import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.work.WorkEvent;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.qa.service.AnswersHandler;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** crowd.work: submitted answers (expired and returned assignments carry no answers to judge). */
@ApplicationScoped
public class WorkEventsConsumer {

    private final Inbox inbox;
    private final AnswersHandler answers;

    public WorkEventsConsumer(Inbox inbox, AnswersHandler answers) {
        this.inbox = inbox;
        this.answers = answers;
    }

    /**
     * A poll's worth of submissions is judged in a few transactions, not one each, and within a
     * transaction job by job, each job once for all its submissions (Inbox.handleBatchTogether).
     */
    @Incoming("work")
    public Uni<Void> onWorkEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatchTogether(batch.getRecords(), WorkEvent.class, event -> event instanceof AssignmentSubmitted,
                        events -> answers.assignmentsSubmitted(events.stream()
                                .filter(AssignmentSubmitted.class::isInstance).map(AssignmentSubmitted.class::cast).toList()))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}

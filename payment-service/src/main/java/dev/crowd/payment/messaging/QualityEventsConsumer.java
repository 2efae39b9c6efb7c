package dev.crowd.payment.messaging;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.payment.service.EscrowService;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.platform.inbox.Inbox.TransactionSize;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * crowd.quality: pay accepted answers (AnswersReviewed); the other quality events are not about money.
 *
 * <p>The channel delivers what one poll returned as a batch ({@code batch=true}). The platform
 * {@link Inbox#handleBatchTogether} applies it in transactions of at most {@link #MAX_VERDICTS} verdicts:
 * each records its events' ids in the inbox table and pays its reviews together
 * ({@link EscrowService#payAll}), so a backlog costs a few statements per transaction instead of a dozen
 * per review. When such a transaction fails (a review of an unknown job, a deadlock), nothing of it
 * stays, and its records go one by one: each is retried on its own and only the bad one reaches the
 * dead-letter topic. Either way an event's effect and its inbox row commit together, so a redelivered
 * event (in the same batch or a later one) pays nothing twice.
 */
@ApplicationScoped
public class QualityEventsConsumer {

    private static final Logger LOG = Logger.getLogger(QualityEventsConsumer.class);

    /** Most verdicts paid in one transaction: bounds its statements' size and how long it holds its locks. */
    static final int MAX_VERDICTS = 2_000;

    private static final TransactionSize<QualityEvent> BY_VERDICTS =
            TransactionSize.weighed(QualityEventsConsumer::verdicts, MAX_VERDICTS);

    private final Inbox inbox;
    private final EscrowService escrow;

    public QualityEventsConsumer(Inbox inbox, EscrowService escrow) {
        this.inbox = inbox;
        this.escrow = escrow;
    }

    @Incoming("quality")
    public Uni<Void> onQualityEvents(KafkaRecordBatch<String, String> batch) {
        return apply(batch.getRecords())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().recoverWithUni(failure -> {
                    // never reached while the one-by-one path handles every record itself; a failure that
                    // escaped here would stop the channel, so the batch goes to dead letters instead
                    LOG.errorf(failure, "a batch of %d quality events could not be applied: to dead letters",
                            batch.getRecords().size());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                });
    }

    /**
     * Applies the records in order: together where possible, one by one (each acked, or nacked to dead
     * letters) where not. Records applied together are acknowledged with their batch by the caller.
     */
    public Uni<Void> apply(List<? extends Message<String>> records) {
        return inbox.handleBatchTogether(records, QualityEvent.class, event -> event instanceof AnswersReviewed,
                BY_VERDICTS, events -> escrow.payAll(events.stream().map(AnswersReviewed.class::cast).toList()));
    }

    private static int verdicts(QualityEvent event) {
        return event instanceof AnswersReviewed reviewed && reviewed.verdicts() != null
                ? Math.max(1, reviewed.verdicts().size()) : 1;
    }
}

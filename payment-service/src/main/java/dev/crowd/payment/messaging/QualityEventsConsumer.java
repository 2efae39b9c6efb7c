package dev.crowd.payment.messaging;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.payment.repository.EventRows;
import dev.crowd.payment.service.EscrowService;
import dev.crowd.platform.inbox.DeliveryContext;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.platform.json.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * crowd.quality: pay accepted answers (AnswersReviewed); the other quality events are not about money.
 *
 * <p>The channel delivers what one poll returned as a batch ({@code batch=true}). The batch is applied in
 * transactions of at most {@link #MAX_VERDICTS} verdicts: each records its events' ids in the inbox
 * table and pays its reviews together, so a backlog costs a few statements per transaction instead of a
 * dozen per review. When such a transaction fails (a review of an unknown job, a deadlock), nothing of
 * it stays, and its records go one by one through the platform {@link Inbox}: each is retried on its own
 * and only the bad one reaches the dead-letter topic. Either way an event's effect and its inbox row
 * commit together, so a redelivered event (in the same batch or a later one) pays nothing twice.
 */
@ApplicationScoped
public class QualityEventsConsumer {

    private static final Logger LOG = Logger.getLogger(QualityEventsConsumer.class);

    /** Most verdicts paid in one transaction: bounds its statements' size and how long it holds its locks. */
    static final int MAX_VERDICTS = 2_000;

    private final Inbox inbox;
    private final EscrowService escrow;
    private final EventRows eventRows;
    private final EventJson json;

    public QualityEventsConsumer(Inbox inbox, EscrowService escrow, EventRows eventRows, EventJson json) {
        this.inbox = inbox;
        this.escrow = escrow;
        this.eventRows = eventRows;
        this.json = json;
    }

    /** A record and its event (null when it cannot be decoded). */
    private record Decoded(Message<String> record, QualityEvent event) {

        int verdicts() {
            return event instanceof AnswersReviewed reviewed && reviewed.verdicts() != null
                    ? Math.max(1, reviewed.verdicts().size()) : 1;
        }
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
        List<Decoded> decoded = records.stream().map(record -> new Decoded(record, decode(record))).toList();
        DeliveryContext context = DeliveryContext.current();
        return context.inTurn(split(decoded), part -> applyTogether(part, context));
    }

    /** Applies one part in one transaction; if that fails, each of its records on its own. */
    private Uni<Void> applyTogether(List<Decoded> part, DeliveryContext context) {
        if (part.stream().anyMatch(d -> d.event() == null)) {
            return oneByOne(part, context); // the Inbox sends the undecodable record to dead letters
        }
        List<QualityEvent> distinct = new ArrayList<>(part.size());
        Set<UUID> seen = new HashSet<>();
        for (Decoded d : part) {
            if (seen.add(d.event().eventId())) { // the same event twice in one poll: a redelivery
                distinct.add(d.event());
            }
        }
        return Panache.withTransaction(() -> eventRows.recordProcessed(distinct)
                        .chain(fresh -> escrow.payAll(distinct.stream()
                                .filter(event -> event instanceof AnswersReviewed && fresh.contains(event.eventId()))
                                .map(AnswersReviewed.class::cast).toList())))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d quality events failed together (%s); applying them one by one",
                            part.size(), failure.toString());
                    return oneByOne(part, context);
                });
    }

    private Uni<Void> oneByOne(List<Decoded> part, DeliveryContext context) {
        return context.inTurn(part, d -> inbox.handle(d.record(), QualityEvent.class, this::apply));
    }

    private Uni<Void> apply(QualityEvent event) {
        return event instanceof AnswersReviewed reviewed ? escrow.pay(reviewed) : Uni.createFrom().voidItem();
    }

    private QualityEvent decode(Message<String> record) {
        try {
            QualityEvent event = json.read(record.getPayload(), QualityEvent.class);
            return event.eventId() == null ? null : event;
        } catch (Exception e) {
            return null;
        }
    }

    /** Consecutive parts of at most MAX_VERDICTS verdicts (a larger review is a part of its own). */
    private static List<List<Decoded>> split(List<Decoded> records) {
        List<List<Decoded>> parts = new ArrayList<>();
        List<Decoded> part = new ArrayList<>();
        int verdicts = 0;
        for (Decoded record : records) {
            if (!part.isEmpty() && verdicts + record.verdicts() > MAX_VERDICTS) {
                parts.add(part);
                part = new ArrayList<>();
                verdicts = 0;
            }
            part.add(record);
            verdicts += record.verdicts();
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }
}

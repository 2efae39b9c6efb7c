package dev.crowd.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.config.InboxConfig;
import dev.crowd.platform.json.EventJson;
import dev.crowd.platform.problem.TransientFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The receiving half of reliable messaging. {@link #handle} decodes a record, and in one transaction
 * records its event id in {@code processed_event} and applies the effect. A redelivered event finds
 * its id and changes nothing. A failing effect is retried with back-off; when it still fails (or the
 * record cannot be decoded) the message is nacked, and the channel's {@code dead-letter-queue} failure
 * strategy moves it to {@code crowd.dlq.<service>} with the error, so the partition keeps flowing.
 * A transient failure (PostgreSQL restarting, a lost connection, a deadlock) says nothing about the
 * event, so it is retried until it succeeds and never dead-lettered.
 *
 * <p>Usage in a consumer:
 * <pre>{@code
 * @Incoming("jobs")
 * Uni<Void> onJobEvent(Message<String> message) {
 *     return inbox.handle(message, JobEvent.class, event -> switch (event) { ... });
 * }
 * }</pre>
 *
 * <p>A busy consumer takes what one poll returned as a batch ({@code batch=true} on the channel) and
 * hands it to {@link #handleBatch}: the same effects, applied in order, but many events per transaction.
 * An effect that does better with many events at once (one lock and one query for all of them) takes
 * them as a list through {@link #handleBatchTogether}.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final String RECORD_ONE = ProcessedEvents.valuesSql(1);

    private final EventJson json;
    private final InboxConfig config;
    private final String consumer;

    public Inbox(EventJson json, InboxConfig config, ProcessedEvents processed) {
        this.json = json;
        this.config = config;
        this.consumer = processed.consumer();
    }

    /**
     * How many events one transaction of {@link #handleBatchTogether} takes: at most {@code maxEvents}
     * records, and at most {@code maxWeight} in total of their weights (a record that weighs more is a
     * transaction of its own; an undecodable one weighs 1). A payment consumer weighs a review by its
     * verdicts, since its statements grow with them, not with the events.
     */
    public record TransactionSize<E>(int maxEvents, ToIntFunction<? super E> weight, int maxWeight) {

        public TransactionSize {
            if (maxEvents < 1 || maxWeight < 1) {
                throw new IllegalArgumentException("a transaction takes at least one event");
            }
        }

        /** At most {@code maxEvents} records per transaction. */
        public static <E> TransactionSize<E> events(int maxEvents) {
            return new TransactionSize<>(maxEvents, e -> 1, Integer.MAX_VALUE);
        }

        /** Any number of records per transaction, up to {@code maxWeight} in total of their weights. */
        public static <E> TransactionSize<E> weighed(ToIntFunction<? super E> weight, int maxWeight) {
            return new TransactionSize<>(Integer.MAX_VALUE, weight, maxWeight);
        }
    }

    public <E extends CrowdEvent> Uni<Void> handle(Message<String> message, Class<E> type,
                                                   Function<E, Uni<Void>> effect) {
        return handle(message, type, e -> true, effect);
    }

    /**
     * Like {@link #handle(Message, Class, Function)}, but an event for which {@code relevant} is false is
     * acknowledged at once, without a transaction: it changes nothing here, so there is nothing to
     * deduplicate. Consumers of a busy topic who need only a few of its event types stay fast.
     */
    public <E extends CrowdEvent> Uni<Void> handle(Message<String> message, Class<E> type,
                                                   Predicate<? super E> relevant, Function<E, Uni<Void>> effect) {
        E event;
        try {
            event = json.read(message.getPayload(), type);
            if (event.eventId() == null) {
                throw new IllegalArgumentException("event without eventId");
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf("undecodable record %s: %s", where(message), e.getMessage());
            return Uni.createFrom().completionStage(message.nack(new PoisonMessageException(e)));
        }
        if (!relevant.test(event)) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return applyOnce(event, effect)
                // the store is down or restarting: wait for it, however long it takes (the partition waits too)
                .onFailure(TransientFailures::isTransient).invoke(failure -> LOG.warnf(
                        "event %s at %s: %s; retrying until the store is back", event.eventId(), where(message),
                        TransientFailures.describe(failure)))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).atMost(Long.MAX_VALUE)
                // anything else is retried a few times, then the event goes to dead letters
                .onFailure().retry()
                .withBackOff(config.initialBackoff()).atMost(config.retries())
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "event %s (%s) failed %d times at %s: to dead letters",
                                event.eventId(), event.cloudEventType(), config.retries() + 1, where(message));
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    /**
     * Applies a poll's worth of records in order, up to {@code max-events-per-transaction} events per
     * transaction: one statement records their ids, then each new event's effect runs in turn, all in
     * the one transaction, so a backlog costs one commit per batch instead of one per event. When such
     * a transaction fails (a poison record, an effect that throws, a deadlock), nothing of it stays and
     * its records go one by one through {@link #handle}: each is retried on its own and only a bad one
     * reaches the dead-letter topic. Records applied together are left for the caller to acknowledge
     * with their batch.
     *
     * <p>Effects that share a transaction also share a Hibernate session: an effect sees what the ones
     * before it in the batch wrote, exactly as if they had committed before it.
     */
    public <E extends CrowdEvent> Uni<Void> handleBatch(List<? extends Message<String>> records, Class<E> type,
                                                        Predicate<? super E> relevant, Function<E, Uni<Void>> effect) {
        return handleBatchTogether(records, type, relevant, events -> inOrder(events, effect));
    }

    /**
     * Like {@link #handleBatch}, but the effect takes all the events of a transaction at once: the
     * relevant ones not applied before, without duplicates, in the order of their records. An effect
     * that can apply many events for about the cost of one (one lock, one query for all of them) makes a
     * backlog cheap. The guarantees are those of {@link #handleBatch}: the events' ids are recorded by
     * one statement in the effect's transaction; when that transaction fails, each record goes on its
     * own through {@link #handle}, its effect called with a list of that one event, so only a bad event
     * is dead-lettered, and a transient failure is retried until the store is back.
     */
    public <E extends CrowdEvent> Uni<Void> handleBatchTogether(List<? extends Message<String>> records, Class<E> type,
                                                                Predicate<? super E> relevant,
                                                                Function<List<E>, Uni<Void>> effect) {
        return handleBatchTogether(records, type, relevant,
                TransactionSize.events(Math.max(1, config.maxEventsPerTransaction())), effect);
    }

    /**
     * Like {@link #handleBatchTogether(List, Class, Predicate, Function)}, with transactions cut by
     * {@code size} instead of {@code max-events-per-transaction}.
     */
    public <E extends CrowdEvent> Uni<Void> handleBatchTogether(List<? extends Message<String>> records, Class<E> type,
                                                                Predicate<? super E> relevant, TransactionSize<E> size,
                                                                Function<List<E>, Uni<Void>> effect) {
        DeliveryContext context = DeliveryContext.current();
        return context.inTurn(split(records, type, size), part -> applyTogether(part, type, relevant, effect, context));
    }

    /** Consecutive parts of the records within {@code size}. */
    private <E extends CrowdEvent> List<List<Decoded<E>>> split(List<? extends Message<String>> records, Class<E> type,
                                                                TransactionSize<E> size) {
        List<List<Decoded<E>>> parts = new ArrayList<>();
        List<Decoded<E>> part = new ArrayList<>();
        long weight = 0;
        for (Message<String> record : records) {
            E event = decodeOrNull(record, type);
            int w = event == null ? 1 : Math.max(1, size.weight().applyAsInt(event));
            if (!part.isEmpty() && (part.size() == size.maxEvents() || weight + w > size.maxWeight())) {
                parts.add(part);
                part = new ArrayList<>();
                weight = 0;
            }
            part.add(new Decoded<>(record, event));
            weight += w;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** A record and its event (null when it cannot be decoded). */
    private record Decoded<E>(Message<String> record, E event) {
    }

    private <E extends CrowdEvent> Uni<Void> applyTogether(List<Decoded<E>> part, Class<E> type,
                                                           Predicate<? super E> relevant,
                                                           Function<List<E>, Uni<Void>> effect, DeliveryContext context) {
        List<E> events = new ArrayList<>(part.size());
        Set<UUID> seen = new HashSet<>();
        for (Decoded<E> decoded : part) {
            E event = decoded.event();
            if (event == null) {
                return oneByOne(part, type, relevant, effect, context); // handle() dead-letters it
            }
            if (relevant.test(event) && seen.add(event.eventId())) { // the same event twice in a poll: a redelivery
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> recordProcessed(events).chain(fresh -> {
                    List<E> toApply = events.stream().filter(event -> fresh.contains(event.eventId())).toList();
                    return toApply.isEmpty() ? Uni.createFrom().voidItem() : effect.apply(toApply);
                }))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d events failed together (%s); applying them one by one", events.size(), failure.toString());
                    return oneByOne(part, type, relevant, effect, context);
                });
    }

    private <E extends CrowdEvent> Uni<Void> oneByOne(List<Decoded<E>> part, Class<E> type,
                                                      Predicate<? super E> relevant,
                                                      Function<List<E>, Uni<Void>> effect, DeliveryContext context) {
        return context.inTurn(part, d -> handle(d.record(), type, relevant, event -> effect.apply(List.of(event))));
    }

    /** Applies the effect to each event in turn (within the caller's transaction). */
    private static <E> Uni<Void> inOrder(List<E> events, Function<E, Uni<Void>> effect) {
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (E event : events) {
            applied = applied.chain(() -> effect.apply(event));
        }
        return applied;
    }

    /** Inserts the events' ids into the inbox table; returns the ids that were not there before. */
    private Uni<Set<UUID>> recordProcessed(List<? extends CrowdEvent> events) {
        String sql = ProcessedEvents.valuesSql(events.size());
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object.class).setParameter(1, consumer);
            for (int i = 0; i < events.size(); i++) {
                query.setParameter(2 * i + 2, events.get(i).eventId()).setParameter(2 * i + 3, events.get(i).topic());
            }
            return query.getResultList();
        }).map(ids -> {
            Set<UUID> fresh = new HashSet<>();
            for (Object id : ids) {
                fresh.add(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
            }
            return fresh;
        });
    }

    private <E extends CrowdEvent> E decodeOrNull(Message<String> record, Class<E> type) {
        try {
            E event = json.read(record.getPayload(), type);
            return event.eventId() == null ? null : event;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** Applies {@code effect} unless this event was already processed; true when it ran now. */
    public <E extends CrowdEvent> Uni<Boolean> applyOnce(E event, Function<E, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD_ONE, Object.class)
                        .setParameter(1, consumer)
                        .setParameter(2, event.eventId())
                        .setParameter(3, event.topic())
                        .getResultList())
                .chain(inserted -> inserted.isEmpty()
                        ? Uni.createFrom().item(false)
                        : effect.apply(event).replaceWith(true)));
    }

    private static String where(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset())
                .orElse("?");
    }
}

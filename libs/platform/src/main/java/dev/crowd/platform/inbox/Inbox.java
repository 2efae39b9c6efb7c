package dev.crowd.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.config.InboxConfig;
import dev.crowd.platform.json.EventJson;
import dev.crowd.platform.problem.TransientFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

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
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final String RECORD = """
            insert into processed_event (consumer, event_id, topic) values (?1, ?2, ?3)
            on conflict do nothing""";

    private final EventJson json;
    private final InboxConfig config;
    private final String consumer;

    public Inbox(EventJson json, InboxConfig config,
                 @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.json = json;
        this.config = config;
        this.consumer = consumer;
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
        Executor onDeliveryContext = onCurrentContext();
        List<List<? extends Message<String>>> parts = new ArrayList<>();
        int size = Math.max(1, config.maxEventsPerTransaction());
        for (int from = 0; from < records.size(); from += size) {
            parts.add(records.subList(from, Math.min(records.size(), from + size)));
        }
        return Multi.createFrom().iterable(parts)
                .onItem().transformToUniAndConcatenate(part ->
                        Uni.createFrom().deferred(() -> applyTogether(part, type, relevant, effect, onDeliveryContext))
                                .runSubscriptionOn(onDeliveryContext))
                .collect().last().replaceWithVoid();
    }

    private <E extends CrowdEvent> Uni<Void> applyTogether(List<? extends Message<String>> part, Class<E> type,
                                                           Predicate<? super E> relevant, Function<E, Uni<Void>> effect,
                                                           Executor onDeliveryContext) {
        List<E> events = new ArrayList<>(part.size());
        Set<UUID> seen = new HashSet<>();
        for (Message<String> record : part) {
            E event = decodeOrNull(record, type);
            if (event == null) {
                return oneByOne(part, type, relevant, effect, onDeliveryContext); // handle() dead-letters it
            }
            if (relevant.test(event) && seen.add(event.eventId())) { // the same event twice in a poll: a redelivery
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> recordProcessed(events).chain(fresh -> {
                    Uni<Void> applied = Uni.createFrom().voidItem();
                    for (E event : events) {
                        if (fresh.contains(event.eventId())) {
                            applied = applied.chain(() -> effect.apply(event));
                        }
                    }
                    return applied;
                }))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d events failed together (%s); applying them one by one", events.size(), failure.toString());
                    return oneByOne(part, type, relevant, effect, onDeliveryContext);
                });
    }

    private <E extends CrowdEvent> Uni<Void> oneByOne(List<? extends Message<String>> part, Class<E> type,
                                                      Predicate<? super E> relevant, Function<E, Uni<Void>> effect,
                                                      Executor onDeliveryContext) {
        return Multi.createFrom().iterable(part)
                .onItem().transformToUniAndConcatenate(record ->
                        Uni.createFrom().deferred(() -> handle(record, type, relevant, effect))
                                .runSubscriptionOn(onDeliveryContext))
                .collect().last().replaceWithVoid();
    }

    /** Inserts the events' ids into the inbox table; returns the ids that were not there before. */
    private Uni<Set<UUID>> recordProcessed(List<? extends CrowdEvent> events) {
        StringBuilder sql = new StringBuilder("insert into processed_event (consumer, event_id, topic) values ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(2 * i + 2).append(", ?").append(2 * i + 3).append(')');
        }
        sql.append(" on conflict do nothing returning event_id");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object.class).setParameter(1, consumer);
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

    /**
     * Runs tasks on the (safe, duplicated) Vert.x context the records were delivered on. Each step of a
     * batch starts there: the step before may complete elsewhere, and Hibernate Reactive refuses to open
     * a transaction on any other context.
     */
    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }

    /** Applies {@code effect} unless this event was already processed; true when it ran now. */
    public <E extends CrowdEvent> Uni<Boolean> applyOnce(E event, Function<E, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD)
                        .setParameter(1, consumer)
                        .setParameter(2, event.eventId())
                        .setParameter(3, event.topic())
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(event).replaceWith(true)));
    }

    private static String where(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset())
                .orElse("?");
    }
}

package dev.crowd.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.config.InboxConfig;
import dev.crowd.platform.json.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The receiving half of reliable messaging. {@link #handle} decodes a record, and in one transaction
 * records its event id in {@code processed_event} and applies the effect. A redelivered event finds
 * its id and changes nothing. A failing effect is retried with back-off; when it still fails (or the
 * record cannot be decoded) the message is nacked, and the channel's {@code dead-letter-queue} failure
 * strategy moves it to {@code crowd.dlq.<service>} with the error, so the partition keeps flowing.
 *
 * <p>Usage in a consumer:
 * <pre>{@code
 * @Incoming("jobs")
 * Uni<Void> onJobEvent(Message<String> message) {
 *     return inbox.handle(message, JobEvent.class, event -> switch (event) { ... });
 * }
 * }</pre>
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

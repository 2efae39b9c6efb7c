package dev.crowd.platform.outbox;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.json.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Publishes events reliably: {@link #publish} writes the event to the outbox table inside the caller's
 * transaction. It reaches Kafka (through {@link OutboxRelay}) if and only if that transaction commits.
 * Never send to Kafka directly from a service write: that is a dual write.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            insert into outbox_message (event_id, topic, message_key, event_type, payload, occurred_at)
            values (?1, ?2, ?3, ?4, ?5, ?6)""";

    private final EventJson json;

    public Outbox(EventJson json) {
        this.json = json;
    }

    /** Must run inside a transaction ({@code @WithTransaction} or {@code Panache.withTransaction}). */
    public Uni<Void> publish(CrowdEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter(1, event.eventId())
                        .setParameter(2, event.topic())
                        .setParameter(3, event.key())
                        .setParameter(4, event.cloudEventType())
                        .setParameter(5, json.write(event))
                        .setParameter(6, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Publishes several events in order (same transaction). */
    public Uni<Void> publishAll(List<? extends CrowdEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CrowdEvent event : events) {
            chain = chain.chain(() -> publish(event));
        }
        return chain;
    }
}

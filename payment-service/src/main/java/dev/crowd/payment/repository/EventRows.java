package dev.crowd.payment.repository;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.json.EventJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.appendRow;
import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

/**
 * The platform's inbox and outbox tables ({@code processed_event}, {@code outbox_message}) written for a
 * whole batch of events in one statement each, with exactly the rows {@code Inbox} and {@code Outbox}
 * write one at a time, so the relay and a redelivery treat them alike. Runs in the caller's transaction.
 */
@ApplicationScoped
public class EventRows {

    private final EventJson json;
    private final String consumer;

    public EventRows(EventJson json, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.json = json;
        this.consumer = consumer;
    }

    /** Records the events as processed by this service; returns the ids that were not recorded before. */
    public Uni<Set<UUID>> recordProcessed(List<? extends CrowdEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        StringBuilder sql = new StringBuilder("insert into processed_event (consumer, event_id, topic) values ");
        List<Object> params = new ArrayList<>();
        for (CrowdEvent event : events) {
            appendRow(sql, params, consumer, event.eventId(), event.topic());
        }
        sql.append(" on conflict do nothing returning event_id, topic");
        return rows(sql.toString(), params).map(rows -> {
            Set<UUID> recorded = new HashSet<>();
            for (Object[] row : rows) {
                recorded.add(Rows.asUuid(row[0]));
            }
            return recorded;
        });
    }

    /** Writes the events to the outbox in list order (the relay sends them in that order). */
    public Uni<Void> publishAll(List<? extends CrowdEvent> events) {
        Uni<Void> done = Uni.createFrom().voidItem();
        int perStatement = LedgerRepository.MAX_PARAMS / 6;
        for (int from = 0; from < events.size(); from += perStatement) {
            List<? extends CrowdEvent> part = events.subList(from, Math.min(events.size(), from + perStatement));
            StringBuilder sql = new StringBuilder(
                    "insert into outbox_message (event_id, topic, message_key, event_type, payload, occurred_at) values ");
            List<Object> params = new ArrayList<>();
            for (CrowdEvent event : part) {
                appendRow(sql, params, event.eventId(), event.topic(), event.key(), event.cloudEventType(),
                        json.write(event), event.occurredAt().atOffset(ZoneOffset.UTC));
            }
            done = done.chain(() -> update(sql.toString(), params).replaceWithVoid());
        }
        return done;
    }
}

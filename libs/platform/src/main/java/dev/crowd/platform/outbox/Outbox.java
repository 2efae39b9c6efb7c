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

    private static final String INSERT =
            "insert into outbox_message (event_id, topic, message_key, event_type, payload, occurred_at) values ";

    /** Bind parameters per row of the insert. */
    private static final int COLUMNS = 6;
    /**
     * Rows per insert statement of {@link #publishAll}: well under PostgreSQL's limit of 65535 bind
     * parameters per statement ({@value #COLUMNS} per row), and few enough that a statement stays small.
     */
    public static final int ROWS_PER_STATEMENT = 500;

    private final EventJson json;

    public Outbox(EventJson json) {
        this.json = json;
    }

    /** Must run inside a transaction ({@code @WithTransaction} or {@code Panache.withTransaction}). */
    public Uni<Void> publish(CrowdEvent event) {
        return insert(List.of(event));
    }

    /**
     * Publishes several events in order (same transaction): one multi-row insert per
     * {@link #ROWS_PER_STATEMENT} events instead of one statement each. PostgreSQL gives the rows of one
     * insert their ids in the order of its VALUES list, so the relay (which sends in id order) sends
     * them in the order given.
     */
    public Uni<Void> publishAll(List<? extends CrowdEvent> events) {
        List<CrowdEvent> all = List.copyOf(events);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<CrowdEvent> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            chain = chain.chain(() -> insert(chunk));
        }
        return chain;
    }

    private Uni<Void> insert(List<? extends CrowdEvent> events) {
        StringBuilder sql = new StringBuilder(INSERT);
        for (int i = 0; i < events.size(); i++) {
            int p = i * COLUMNS;
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 1; c <= COLUMNS; c++) {
                sql.append(c == 1 ? "?" : ", ?").append(p + c);
            }
            sql.append(')');
        }
        return Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql.toString());
                    for (int i = 0; i < events.size(); i++) {
                        CrowdEvent event = events.get(i);
                        int p = i * COLUMNS;
                        query.setParameter(p + 1, event.eventId())
                                .setParameter(p + 2, event.topic())
                                .setParameter(p + 3, event.key())
                                .setParameter(p + 4, event.cloudEventType())
                                .setParameter(p + 5, json.write(event))
                                .setParameter(p + 6, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }
}

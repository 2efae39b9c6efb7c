package dev.crowd.platform.inbox;

import dev.crowd.contracts.CrowdEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every statement that writes {@code processed_event}, the inbox table: an event id recorded for this
 * service ({@code quarkus.application.name}) in the transaction that applies the event. {@link Inbox}
 * uses it inside a Hibernate Reactive session; a hot path on the plain reactive SQL client uses
 * {@link #record(SqlClient, List)} or composes {@link #insertSql} into its own statement.
 *
 * <p>An id recorded before, or twice in one list, is skipped ({@code on conflict do nothing}); the
 * statements return the ids recorded now, i.e. the events to apply.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final String consumer;

    public ProcessedEvents(@ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.consumer = consumer;
    }

    /** The consumer name the rows carry (this service). */
    public String consumer() {
        return consumer;
    }

    /**
     * The insert of the events bound by {@link #bind} at {@code $first} (consumer), {@code $first+1} (ids)
     * and {@code $first+2} (topics); returns {@code event_id} of each row inserted now.
     */
    public static String insertSql(int first) {
        return "insert into processed_event (consumer, event_id, topic) select $" + first + ", e.event_id, e.topic"
                + " from unnest($" + (first + 1) + "::uuid[], $" + (first + 2) + "::text[]) as e(event_id, topic)"
                + " on conflict do nothing returning event_id";
    }

    /** Appends this consumer and the events' id and topic arrays (the parameters of {@link #insertSql}). */
    public Tuple bind(Tuple args, List<? extends CrowdEvent> events) {
        UUID[] ids = new UUID[events.size()];
        String[] topics = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ids[i] = events.get(i).eventId();
            topics[i] = events.get(i).topic();
        }
        return args.addString(consumer).addArrayOfUUID(ids).addArrayOfString(topics);
    }

    /**
     * Records the events as processed on this connection, in its transaction, with one statement;
     * returns the ids not recorded before (the events to apply now).
     */
    public Uni<Set<UUID>> record(SqlClient connection, List<? extends CrowdEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery(insertSql(1)).execute(bind(Tuple.tuple(), events)).map(rows -> {
            Set<UUID> fresh = new HashSet<>();
            for (Row row : rows) {
                fresh.add(row.getUUID("event_id"));
            }
            return fresh;
        });
    }

    /**
     * The VALUES form for a Hibernate native query: {@code ?1} the consumer, then {@code rows} pairs of
     * id and topic ({@code ?2, ?3}, {@code ?4, ?5}, …); returns the ids inserted now.
     */
    static String valuesSql(int rows) {
        StringBuilder sql = new StringBuilder("insert into processed_event (consumer, event_id, topic) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(2 * i + 2).append(", ?").append(2 * i + 3).append(')');
        }
        return sql.append(" on conflict do nothing returning event_id").toString();
    }
}

package dev.crowd.platform.outbox;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.platform.json.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Every statement that writes {@code outbox_message} rows: the one place that knows the table's columns
 * and how an event fills them. {@link Outbox} uses it inside a Hibernate Reactive session; a hot path on
 * the plain reactive SQL client uses {@link #insert(SqlClient, List)} or composes {@link #insertSql} into
 * its own statement (a data-modifying CTE that writes the events only for the rows it changed).
 *
 * <p>Rows are inserted in list order: PostgreSQL numbers the rows of an {@code insert … select … order by}
 * in that order, and the relay sends in id order, so events leave in the order given.
 */
@ApplicationScoped
public class OutboxRows {

    /** The columns an event fills, in the order of {@link #bind} and of the VALUES form. */
    static final String COLUMNS = "event_id, topic, message_key, event_type, payload, occurred_at";
    /** Bind parameters per event in the VALUES form; arrays bound by {@link #bind}. */
    public static final int PARAMETERS = 6;

    private final EventJson json;

    public OutboxRows(EventJson json) {
        this.json = json;
    }

    /** The insert of every event bound by {@link #bind} at {@code $first} … {@code $first+5}, in list order. */
    public static String insertSql(int first) {
        return insertSql(first, null);
    }

    /**
     * The insert of the events bound by {@link #bind} at {@code $first} … {@code $first+5} for which
     * {@code condition} holds, in list order. The condition may use {@code o.n}, the event's 1-based
     * position in the bound list, to keep only the events of rows a statement changed, e.g.
     * {@code o.n in (select x.n from marked m join x on x.id = m.id)}.
     */
    public static String insertSql(int first, String condition) {
        String sql = "insert into outbox_message (" + COLUMNS + ") select o.event_id, o.topic, o.message_key, "
                + "o.event_type, o.payload, o.occurred_at from unnest($" + first + "::uuid[], $" + (first + 1)
                + "::text[], $" + (first + 2) + "::text[], $" + (first + 3) + "::text[], $" + (first + 4)
                + "::text[], $" + (first + 5) + "::timestamptz[]) with ordinality as o(" + COLUMNS + ", n)";
        return sql + (condition == null ? "" : " where " + condition) + " order by o.n";
    }

    /** Appends the events' six column arrays (the parameters of {@link #insertSql}) to {@code args}. */
    public Tuple bind(Tuple args, List<? extends CrowdEvent> events) {
        int n = events.size();
        java.util.UUID[] ids = new java.util.UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            CrowdEvent event = events.get(i);
            ids[i] = event.eventId();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.cloudEventType();
            payloads[i] = json.write(event);
            occurredAt[i] = occurredAt(event);
        }
        return args.addArrayOfUUID(ids).addArrayOfString(topics).addArrayOfString(keys).addArrayOfString(types)
                .addArrayOfString(payloads).addArrayOfOffsetDateTime(occurredAt);
    }

    /**
     * Writes the events to the outbox on this connection, in its transaction, with one statement however
     * many they are (arrays, not a parameter per value).
     */
    public Uni<Void> insert(SqlClient connection, List<? extends CrowdEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(insertSql(1)).execute(bind(Tuple.tuple(), events)).replaceWithVoid();
    }

    /** The VALUES form with {@code rows} rows of {@value #PARAMETERS} positional parameters ({@code ?1} …). */
    static String valuesSql(int rows) {
        StringBuilder sql = new StringBuilder("insert into outbox_message (" + COLUMNS + ") values ");
        for (int i = 0; i < rows; i++) {
            int p = i * PARAMETERS;
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 1; c <= PARAMETERS; c++) {
                sql.append(c == 1 ? "?" : ", ?").append(p + c);
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** The values of one event for the VALUES form, in column order. */
    Object[] values(CrowdEvent event) {
        return new Object[] {event.eventId(), event.topic(), event.key(), event.cloudEventType(), json.write(event),
                occurredAt(event)};
    }

    private static OffsetDateTime occurredAt(CrowdEvent event) {
        return OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
    }
}

package dev.crowd.platform.outbox;

import dev.crowd.contracts.CrowdEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Publishes events reliably: {@link #publish} writes the event to the outbox table inside the caller's
 * transaction. It reaches Kafka (through {@link OutboxRelay}) if and only if that transaction commits.
 * Never send to Kafka directly from a service write: that is a dual write. The rows' SQL is
 * {@link OutboxRows}'s, which hot paths on the plain reactive SQL client use directly.
 */
@ApplicationScoped
public class Outbox {

    /** Bind parameters per row of the insert. */
    private static final int COLUMNS = OutboxRows.PARAMETERS;
    /**
     * Rows per insert statement of {@link #publishAll}: well under PostgreSQL's limit of 65535 bind
     * parameters per statement ({@value #COLUMNS} per row), and few enough that a statement stays small.
     */
    public static final int ROWS_PER_STATEMENT = 500;

    private final OutboxRows rows;

    public Outbox(OutboxRows rows) {
        this.rows = rows;
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
        String sql = OutboxRows.valuesSql(events.size());
        return Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql);
                    for (int i = 0; i < events.size(); i++) {
                        Object[] values = rows.values(events.get(i));
                        for (int c = 0; c < values.length; c++) {
                            query.setParameter(i * COLUMNS + c + 1, values[c]);
                        }
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }
}

package dev.crowd.platform.testapp;

import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every applied event in applied_event; an event whose reason starts with "always-fails" never
 * applies, nor does the K-th event of a note titled "poison-at-K" (reason "poison-at-K#K"); one whose
 * reason starts with "database-restarting" fails as PostgreSQL does while it restarts,
 * {@link #TRANSIENT_FAILURES} times. It takes its records in batches, as the busy consumers of the
 * services do, and its effect takes a transaction's events together ({@link Inbox#handleBatchTogether}).
 */
@ApplicationScoped
public class TestJobConsumer {

    /** More failed attempts than the inbox's retries (2 in the tests) before the store is back. */
    public static final int TRANSIENT_FAILURES = 8;
    public static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    /** Per event: the size of every list the effect was called with that held it, in call order. */
    public static final Map<UUID, List<Integer>> CALLS = new ConcurrentHashMap<>();

    private final Inbox inbox;

    public TestJobConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("test-jobs")
    public Uni<Void> onJobEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.handleBatchTogether(batch.getRecords(), JobEvent.class, event -> event instanceof JobCancelled,
                        this::applyAll)
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> applyAll(List<JobEvent> events) {
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (JobEvent event : events) {
            CALLS.computeIfAbsent(event.eventId(), id -> new CopyOnWriteArrayList<>()).add(events.size());
            applied = applied.chain(() -> apply(event));
        }
        return applied;
    }

    private Uni<Void> apply(JobEvent event) {
        return switch (event) {
            case JobCancelled cancelled when cancelled.reason().startsWith("always-fails") || poison(cancelled.reason()) ->
                    Uni.createFrom().failure(new IllegalStateException("this event cannot be applied"));
            case JobCancelled cancelled when cancelled.reason().startsWith("database-restarting")
                    && ATTEMPTS.computeIfAbsent(cancelled.eventId(), id -> new AtomicInteger())
                    .incrementAndGet() <= TRANSIENT_FAILURES ->
                    Uni.createFrom().failure(new PgException(
                            "the database system is starting up", "FATAL", "57P03", null));
            case JobCancelled cancelled -> record(cancelled);
            default -> Uni.createFrom().voidItem();
        };
    }

    /** "poison-at-K#I" (the I-th event of a note titled poison-at-K) is poison when I is K. */
    private static boolean poison(String reason) {
        if (!reason.startsWith("poison-at-")) {
            return false;
        }
        String[] at = reason.substring("poison-at-".length()).split("#");
        return at.length == 2 && at[0].equals(at[1]);
    }

    private Uni<Void> record(JobCancelled event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into applied_event (event_id, job_id, title) values (?1, ?2, ?3)")
                        .setParameter(1, event.eventId())
                        .setParameter(2, event.jobId())
                        .setParameter(3, event.reason())
                        .executeUpdate())
                .replaceWithVoid();
    }
}

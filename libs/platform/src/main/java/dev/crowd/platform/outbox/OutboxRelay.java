package dev.crowd.platform.outbox;

import dev.crowd.platform.config.OutboxConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends the outbox to Kafka. Each pass locks a batch of unsent rows, sends them in id order, waits for
 * every broker acknowledgement and only then marks them sent, in the same transaction.
 *
 * <p>A crash after sending and before the commit leaves the rows unsent: they are sent again on the
 * next pass. Delivery is therefore at least once; consumers make it effectively once with
 * {@link dev.crowd.platform.inbox.Inbox}. Order per key holds because one relay pass sends a key's
 * rows in id order through an idempotent producer, and the next pass starts only after it ends.
 *
 * <p>With several replicas of a service, only one relays at a time: a pass first takes a
 * transaction-scoped advisory lock and does nothing when another replica holds it. Were two passes to
 * run at once, each on its own batch of rows, a key's later events could reach Kafka before its
 * earlier ones.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The advisory lock every replica's relay takes for a pass ("outbox" in ASCII). */
    public static final long RELAY_LOCK_KEY = 0x6f7574626f78L;

    private static final String LOCK_BATCH = """
            select id, event_id, topic, message_key, event_type, payload, occurred_at
            from outbox_message where sent_at is null
            order by id limit ?1 for update skip locked""";
    /** One relay at a time per database; the lock ends with the pass's transaction. */
    private static final String TRY_RELAY_LOCK = "select pg_try_advisory_xact_lock(" + RELAY_LOCK_KEY + ")";
    private static final String MARK_SENT = "update outbox_message set sent_at = now() where id in (?1)";
    private static final String PURGE = "delete from outbox_message where sent_at < ?1";

    private final MutinyEmitter<String> emitter;
    private volatile Vertx vertx;
    private volatile boolean stopped;
    private final OutboxConfig config;
    private final URI source;

    public OutboxRelay(@Channel("crowd-outbox") MutinyEmitter<String> emitter, OutboxConfig config,
                       @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create("/crowd/" + service);
    }

    /** Starts the relay loop: a pass, then a pause of {@code poll-interval}, until shutdown. */
    void start(@Observes StartupEvent startup, Vertx vertx) {
        if (!config.enabled()) {
            LOG.info("outbox relay disabled (crowd.outbox.enabled=false)");
            return;
        }
        this.vertx = vertx;
        scheduleNextPass(Duration.ofSeconds(1));
    }

    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        stopped = true;
    }

    private void scheduleNextPass(Duration delay) {
        if (stopped) {
            return;
        }
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            if (stopped) {
                return;
            }
            // Hibernate Reactive needs its own safe (duplicated) Vert.x context for each pass.
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(v -> drain().subscribe().with(
                    sent -> scheduleNextPass(config.pollInterval()),
                    failure -> {
                        if (!stopped) {
                            LOG.warnf("outbox relay pass failed (%s); retrying", failure.toString());
                        }
                        scheduleNextPass(config.pollInterval().multipliedBy(10));
                    }));
        });
    }

    /** Sends batches until the outbox is empty. Returns how many events were sent. */
    public Uni<Long> drain() {
        return sendBatch().chain(sent -> sent < config.batchSize()
                ? Uni.createFrom().item((long) sent)
                : drain().map(more -> more + sent));
    }

    private Uni<Integer> sendBatch() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session ->
                session.createNativeQuery(TRY_RELAY_LOCK, Boolean.class).getSingleResult().chain(relayIsOurs ->
                        !relayIsOurs
                                ? Uni.createFrom().item(0) // another replica is relaying; look again next pass
                                : session.createNativeQuery(LOCK_BATCH, Object[].class)
                                        .setParameter(1, config.batchSize())
                                        .getResultList()
                                        .chain(rows -> rows.isEmpty()
                                                ? Uni.createFrom().item(0)
                                                : sendAll(rows).chain(() -> markSent(session, rows))))));
    }

    private Uni<Void> sendAll(List<Object[]> rows) {
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            acks.add(emitter.sendMessage(toMessage(row)));
        }
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private Message<String> toMessage(Object[] row) {
        UUID eventId = (UUID) row[1];
        String topic = (String) row[2];
        String key = (String) row[3];
        String type = (String) row[4];
        String payload = (String) row[5];
        OffsetDateTime occurredAt = toOffsetDateTime(row[6]);
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(eventId.toString())
                        .withType(type)
                        .withSource(source)
                        .withSubject(key)
                        .withDataContentType("application/json")
                        .withTimestamp(occurredAt.toZonedDateTime())
                        .build());
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value.toString());
    }

    private Uni<Integer> markSent(Mutiny.Session session, List<Object[]> rows) {
        List<Long> ids = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
        return session.createNativeQuery(MARK_SENT).setParameter(1, ids).executeUpdate()
                .replaceWith(rows.size());
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    Uni<Void> purgeSent() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention());
        return Panache.withTransaction(() -> Panache.getSession().chain(session ->
                session.createNativeQuery(PURGE).setParameter(1, cutoff).executeUpdate())).replaceWithVoid();
    }
}

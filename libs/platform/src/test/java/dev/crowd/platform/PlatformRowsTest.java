package dev.crowd.platform;

import dev.crowd.contracts.Topics;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.platform.inbox.Inbox;
import dev.crowd.platform.inbox.Inbox.TransactionSize;
import dev.crowd.platform.inbox.ProcessedEvents;
import dev.crowd.platform.json.EventJson;
import dev.crowd.platform.outbox.OutboxRows;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's tables written from the plain reactive SQL client ({@link OutboxRows},
 * {@link ProcessedEvents}), as a hot path does, against the real PostgreSQL and broker: the rows are
 * those the relay sends and the inbox honours. And transactions cut by weight
 * ({@link TransactionSize#weighed}).
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class PlatformRowsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    OutboxRows outboxRows;
    @Inject
    ProcessedEvents processedEvents;
    @Inject
    Inbox inbox;
    @Inject
    EventJson json;
    @Inject
    Vertx vertx;

    @Test
    void eventsInsertedOnAConnectionAreRelayedInOrderWithTheirHeaders() {
        UUID jobId = UUID.randomUUID();
        List<JobCancelled> events = IntStream.range(0, 5).mapToObj(i -> cancelled(jobId, "raw-" + i)).toList();

        pool.withTransaction(connection -> outboxRows.insert(connection, events)).await().atMost(WAIT);

        assertThat(TestDatabase.column("select event_id from outbox_message where message_key = ? order by id",
                jobId.toString())).containsExactlyElementsOf(events.stream().map(JobCancelled::eventId).toList());
        List<ConsumerRecord<String, String>> records = KafkaRecords.readKey(Topics.JOBS, jobId.toString(), 5, WAIT);
        assertThat(records).extracting(r -> KafkaRecords.header(r, "ce_id"))
                .containsExactlyElementsOf(events.stream().map(e -> e.eventId().toString()).toList());
        assertThat(records).allSatisfy(r -> {
            assertThat(KafkaRecords.header(r, "ce_type")).isEqualTo("crowd.jobs.JobCancelled.v1");
            assertThat(r.value()).contains("\"type\":\"JobCancelled\"");
        });
        // and the test consumer (the platform Inbox) applied each once
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from applied_event where job_id = ?", jobId) == 5);
    }

    @Test
    void aRolledBackConnectionTransactionLeavesNoRow() {
        UUID jobId = UUID.randomUUID();
        Uni<Void> failing = pool.withTransaction(connection -> outboxRows.insert(connection, List.of(cancelled(jobId, "x")))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back"))));

        assertThat(failing.onFailure().recoverWithItem(() -> null).await().atMost(WAIT)).isNull();
        assertThat(TestDatabase.count("select count(*) from outbox_message where message_key = ?", jobId.toString())).isZero();
    }

    /**
     * The shape of a conditional hot-path write (task-service's submit): one statement changes rows and
     * writes the outbox rows of only the rows it changed, keyed by position in the bound lists.
     */
    @Test
    void aStatementWritesTheEventsOfOnlyTheRowsItChanged() {
        UUID jobId = UUID.randomUUID();
        List<JobCancelled> events = IntStream.range(0, 4).mapToObj(i -> cancelled(jobId, "cte-" + i)).toList();
        UUID[] noteIds = events.stream().map(e -> UUID.randomUUID()).toArray(UUID[]::new);
        // note 1 exists already: the insert below skips it, so its event must not be written
        TestDatabase.update("insert into note (id, text) values (?, 'there before')", noteIds[1]);
        String sql = """
                with x as (select * from unnest($1::uuid[]) with ordinality as x(id, n)),
                changed as (
                    insert into note (id, text) select x.id, 'new' from x
                    on conflict do nothing returning id),
                announced as (%s)
                select count(*) as changed from changed""".formatted(
                OutboxRows.insertSql(2, "o.n in (select x.n from changed c join x on x.id = c.id)"));

        long changed = pool.withTransaction(connection -> connection.preparedQuery(sql)
                        .execute(outboxRows.bind(Tuple.of(noteIds), events)))
                .map(rows -> rows.iterator().next().getLong("changed")).await().atMost(WAIT);

        assertThat(changed).isEqualTo(3);
        assertThat(TestDatabase.column("select event_id from outbox_message where message_key = ? order by id",
                jobId.toString())).containsExactly(events.get(0).eventId(), events.get(2).eventId(), events.get(3).eventId());
    }

    @Test
    void processedEventsRecordedOnAConnectionReturnOnlyNewIdsAndTheInboxSkipsThem() {
        UUID jobId = UUID.randomUUID();
        JobCancelled first = cancelled(jobId, "seen-on-a-connection");
        JobCancelled second = cancelled(jobId, "seen-again");

        Set<UUID> fresh = pool.withTransaction(c -> processedEvents.record(c, List.of(first, second, first)))
                .await().atMost(WAIT);
        Set<UUID> again = pool.withTransaction(c -> processedEvents.record(c, List.of(second)))
                .await().atMost(WAIT);

        assertThat(fresh).containsExactlyInAnyOrder(first.eventId(), second.eventId());
        assertThat(again).isEmpty();
        assertThat(TestDatabase.count("select count(*) from processed_event where consumer = 'platform-test' "
                + "and topic = ? and event_id::text = any(string_to_array(?, ','))", Topics.JOBS,
                first.eventId() + "," + second.eventId())).isEqualTo(2);

        // delivered now, they count as redeliveries for the platform Inbox: nothing applied
        JobCancelled third = cancelled(jobId, "not-seen");
        pool.withTransaction(c -> outboxRows.insert(c, List.of(first, second, third))).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from applied_event where job_id = ?", jobId) == 1);
        assertThat(TestDatabase.column("select event_id from applied_event where job_id = ?", jobId))
                .containsExactly(third.eventId());
    }

    @Test
    void weighedTransactionsHoldRecordsUpToTheirWeightAndAHeavierOneAlone() {
        UUID jobId = UUID.randomUUID();
        // weights 3, 3, 5, 1, 9, 1 within 6: [3, 3], [5, 1], [9], [1]
        List<JobCancelled> events = List.of(3, 3, 5, 1, 9, 1).stream().map(w -> cancelled(jobId, "w" + w)).toList();
        List<Message<String>> records = events.stream().map(e -> Message.of(json.write(e))).toList();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        TransactionSize<JobEvent> size = TransactionSize.weighed(
                e -> Integer.parseInt(((JobCancelled) e).reason().substring(1)), 6);

        onContext(() -> inbox.handleBatchTogether(records, JobEvent.class, e -> true, size, list -> {
            calls.add(list.stream().map(e -> ((JobCancelled) e).reason()).toList());
            return Uni.createFrom().voidItem();
        }));

        assertThat(calls).containsExactly(List.of("w3", "w3"), List.of("w5", "w1"), List.of("w9"), List.of("w1"));
        assertThat(TestDatabase.count("select count(*) from processed_event where event_id::text = any(string_to_array(?, ','))",
                String.join(",", events.stream().map(e -> e.eventId().toString()).toList()))).isEqualTo(6);
    }

    private static JobCancelled cancelled(UUID jobId, String reason) {
        return new JobCancelled(UUID.randomUUID(), Instant.now(), jobId, "requester", reason);
    }

    private void onContext(Supplier<Uni<Void>> work) {
        // Hibernate Reactive needs a safe (duplicated) Vert.x context, as the Kafka connector provides
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("delivery failed", e);
        }
    }
}

package dev.crowd.platform;

import dev.crowd.contracts.Topics;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.platform.testapp.TestJobConsumer;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox and the idempotent consumer against a real PostgreSQL and a real Kafka broker: the
 * guarantees every service relies on.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class OutboxAndInboxTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void committedTransactionPublishesItsEventWithCloudEventsHeaders() {
        UUID jobId = UUID.randomUUID();
        UUID eventId = publish(jobId, "committed", 1, false).jsonPath().getUUID("eventIds[0]");

        List<ConsumerRecord<String, String>> records = KafkaRecords.readKey(Topics.JOBS, jobId.toString(), 1, WAIT);

        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.getFirst();
        assertThat(KafkaRecords.header(record, "ce_id")).isEqualTo(eventId.toString());
        assertThat(KafkaRecords.header(record, "ce_type")).isEqualTo("crowd.jobs.JobCancelled.v1");
        assertThat(KafkaRecords.header(record, "ce_source")).isEqualTo("/crowd/platform-test");
        assertThat(KafkaRecords.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(record.value()).contains("\"type\":\"JobCancelled\"", "\"version\":1", eventId.toString());
        await().atMost(WAIT).until(() -> appliedCount(eventId) == 1);
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        UUID jobId = UUID.randomUUID();
        given().queryParam("jobId", jobId).queryParam("title", "rolled-back").queryParam("failAfter", true)
                .when().post("/test/notes")
                .then().statusCode(500);

        assertThat(TestDatabase.count("select count(*) from outbox_message where message_key = ?", jobId.toString()))
                .isZero();
        assertThat(TestDatabase.count("select count(*) from note where text = 'rolled-back'")).isZero();
        // a later commit on the same key arrives alone: nothing of the rolled-back one was sent before it
        publish(jobId, "after-rollback", 1, false);
        List<ConsumerRecord<String, String>> records = KafkaRecords.readKey(Topics.JOBS, jobId.toString(), 2,
                Duration.ofSeconds(5));
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().value()).contains("after-rollback");
    }

    @Test
    void eventResentAfterACrashBetweenSendAndMarkIsAppliedOnce() {
        UUID jobId = UUID.randomUUID();
        UUID eventId = publish(jobId, "crash", 1, false).jsonPath().getUUID("eventIds[0]");
        await().atMost(WAIT).until(() -> appliedCount(eventId) == 1);

        // What a crash after the broker's ack and before the commit of "sent" leaves behind.
        assertThat(TestDatabase.update("update outbox_message set sent_at = null where event_id = ?", eventId))
                .isEqualTo(1);

        List<ConsumerRecord<String, String>> deliveries = KafkaRecords.read(Topics.JOBS,
                r -> eventId.toString().equals(KafkaRecords.header(r, "ce_id")), 2, WAIT);
        assertThat(deliveries).as("the relay sends the unmarked event again").hasSize(2);
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from outbox_message where event_id = ? and sent_at is not null", eventId) == 1);
        // the consumer has seen the second delivery (its offset moved past it) and applied nothing twice
        UUID later = publish(jobId, "after-crash", 1, false).jsonPath().getUUID("eventIds[0]");
        await().atMost(WAIT).until(() -> appliedCount(later) == 1);
        assertThat(appliedCount(eventId)).isEqualTo(1);
    }

    @Test
    void poisonAndFailingMessagesGoToDeadLettersAndThePartitionKeepsFlowing() {
        UUID jobId = UUID.randomUUID();
        String key = jobId.toString();
        KafkaRecords.send(Topics.JOBS, key, "this is not json");
        UUID failing = publish(jobId, "always-fails", 1, false).jsonPath().getUUID("eventIds[0]");
        UUID healthy = publish(jobId, "healthy", 1, false).jsonPath().getUUID("eventIds[0]");

        await().atMost(WAIT).until(() -> appliedCount(healthy) == 1);
        List<ConsumerRecord<String, String>> dead = KafkaRecords.readKey(Topics.deadLetter("platform-test"), key, 2, WAIT);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("this is not json");
        assertThat(KafkaRecords.header(dead.get(0), "dead-letter-reason")).contains("undecodable event");
        assertThat(dead.get(1).value()).contains(failing.toString());
        assertThat(KafkaRecords.header(dead.get(1), "dead-letter-reason")).contains("cannot be applied");
        assertThat(appliedCount(failing)).isZero();
    }

    @Test
    void anEventThatMeetsARestartingDatabaseWaitsForItAndIsNeverDeadLettered() {
        UUID jobId = UUID.randomUUID();
        UUID waiting = publish(jobId, "database-restarting", 1, false).jsonPath().getUUID("eventIds[0]");
        UUID next = publish(jobId, "after-restart", 1, false).jsonPath().getUUID("eventIds[0]");

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedCount(next) == 1);
        assertThat(appliedCount(waiting)).isEqualTo(1);
        assertThat(TestJobConsumer.ATTEMPTS.get(waiting).get())
                .isGreaterThan(TestJobConsumer.TRANSIENT_FAILURES);
        // applied in order: the partition waited for the database rather than skipping the event
        List<UUID> applied = TestDatabase.column("select event_id from applied_event where job_id = ? order by seq", jobId)
                .stream().map(UUID.class::cast).toList();
        assertThat(applied).containsExactly(waiting, next);
        assertThat(KafkaRecords.readKey(Topics.deadLetter("platform-test"), jobId.toString(), 1, Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void eventsTheConsumerDoesNotUseAreAcknowledgedWithoutATransaction() {
        UUID jobId = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        KafkaRecords.send(Topics.JOBS, jobId.toString(), "{\"type\":\"JobPaused\",\"eventId\":\"" + paused
                + "\",\"occurredAt\":\"2026-11-28T10:00:00Z\",\"jobId\":\"" + jobId + "\",\"requesterId\":\"r\"}");
        UUID cancelled = publish(jobId, "after-paused", 1, false).jsonPath().getUUID("eventIds[0]");

        await().atMost(WAIT).until(() -> appliedCount(cancelled) == 1);
        assertThat(TestDatabase.count("select count(*) from processed_event where event_id = ?", cancelled)).isEqualTo(1);
        assertThat(TestDatabase.count("select count(*) from processed_event where event_id = ?", paused)).isZero();
        assertThat(KafkaRecords.readKey(Topics.deadLetter("platform-test"), jobId.toString(), 1, Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void orderIsKeptPerKey() {
        UUID jobId = UUID.randomUUID();
        List<UUID> published = IntStream.range(0, 5)
                .mapToObj(batch -> publish(jobId, "ordered-" + batch, 10, false).jsonPath().getList("eventIds", String.class))
                .flatMap(List::stream).map(UUID::fromString).toList();

        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from applied_event where job_id = ?", jobId) == published.size());
        List<UUID> applied = TestDatabase.column("select event_id from applied_event where job_id = ? order by seq", jobId)
                .stream().map(UUID.class::cast).toList();
        assertThat(applied).containsExactlyElementsOf(published);
    }

    @Test
    void aBacklogIsAppliedInOrderWithManyEventsPerTransaction() {
        UUID jobId = UUID.randomUUID();
        // 60 events committed at once reach the consumer in one or a few polls
        List<UUID> published = publish(jobId, "backlog", 60, false).jsonPath().getList("eventIds", String.class)
                .stream().map(UUID::fromString).toList();

        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from applied_event where job_id = ?", jobId) == published.size());
        List<UUID> applied = TestDatabase.column("select event_id from applied_event where job_id = ? order by seq", jobId)
                .stream().map(UUID.class::cast).toList();
        assertThat(applied).containsExactlyElementsOf(published);
        // rows written by one transaction share its id (xmin); at most 20 events per transaction here
        long transactions = TestDatabase.count(
                "select count(distinct xmin::text) from applied_event where job_id = ?", jobId);
        assertThat(transactions).isBetween(3L, 59L);
        assertThat(TestDatabase.count(
                "select count(*) from processed_event where event_id::text = any(string_to_array(?, ','))",
                String.join(",", published.stream().map(UUID::toString).toList()))).isEqualTo(60);
        // the effect took each transaction's events as one list, never more than a transaction holds
        List<Integer> calls = published.stream().flatMap(id -> TestJobConsumer.CALLS.get(id).stream()).toList();
        assertThat(calls).allSatisfy(size -> assertThat(size).isBetween(1, 20));
        assertThat(calls).as("events applied together reach the effect in one call").anyMatch(size -> size > 1);
    }

    @Test
    void aPoisonEventAmongEventsAppliedTogetherFallsBackAndOnlyItIsDeadLettered() {
        UUID jobId = UUID.randomUUID();
        // 8 events committed at once, the fourth of which can never be applied
        List<UUID> published = publish(jobId, "poison-at-3", 8, false).jsonPath().getList("eventIds", String.class)
                .stream().map(UUID::fromString).toList();
        UUID poison = published.get(3);
        List<UUID> healthy = published.stream().filter(id -> !id.equals(poison)).toList();

        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from applied_event where job_id = ?", jobId) == healthy.size());
        List<UUID> applied = TestDatabase.column("select event_id from applied_event where job_id = ? order by seq", jobId)
                .stream().map(UUID.class::cast).toList();
        assertThat(applied).containsExactlyElementsOf(healthy);
        assertThat(appliedCount(poison)).isZero();
        List<ConsumerRecord<String, String>> dead = KafkaRecords.readKey(Topics.deadLetter("platform-test"),
                jobId.toString(), 2, Duration.ofSeconds(5));
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.value()).contains(poison.toString());
            assertThat(KafkaRecords.header(record, "dead-letter-reason")).contains("cannot be applied");
        });
        // it first reached the effect together with others, then alone (first try and the retries)
        assertThat(TestJobConsumer.CALLS.get(poison)).anyMatch(size -> size > 1)
                .endsWith(1, 1, 1);
        assertThat(TestDatabase.count("select count(*) from processed_event where event_id = ?", poison)).isZero();
    }

    @Test
    void publishAllOfManyEventsRelaysThemAllInOrderWithTheirKeysAndHeaders() {
        UUID jobId = UUID.randomUUID();
        // more than two insert statements' worth, round three keys, in one transaction
        int n = 2 * Outbox.ROWS_PER_STATEMENT + 7;
        Response response = given().queryParam("jobId", jobId).queryParam("title", "many").queryParam("count", n)
                .queryParam("keys", 3)
                .when().post("/test/notes")
                .then().statusCode(200).extract().response();
        List<UUID> published = response.jsonPath().getList("eventIds", String.class).stream().map(UUID::fromString).toList();
        List<UUID> keys = response.jsonPath().getList("jobIds", String.class).stream().map(UUID::fromString).toList();
        assertThat(published).hasSize(n).doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(keys)).hasSize(3);
        Map<UUID, String> keyOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            keyOf.put(published.get(i), keys.get(i).toString());
        }
        String keyList = String.join(",", new java.util.TreeSet<>(keyOf.values()));

        // the outbox holds them in the order given (the relay sends in id order), written by one transaction
        // (created_at is its start; xmin would not do: marking a row sent rewrites it)
        List<UUID> rows = TestDatabase.column("""
                        select event_id from outbox_message
                        where message_key = any(string_to_array(?, ',')) order by id""", keyList)
                .stream().map(UUID.class::cast).toList();
        assertThat(rows).containsExactlyElementsOf(published);
        assertThat(TestDatabase.count("""
                select count(distinct created_at) from outbox_message
                where message_key = any(string_to_array(?, ','))""", keyList)).isEqualTo(1);

        // every one reaches Kafka under its own key, with its headers, in order per key
        List<ConsumerRecord<String, String>> records = KafkaRecords.read(Topics.JOBS,
                r -> keyOf.containsKey(ceId(r)), n, Duration.ofSeconds(60));
        assertThat(records).hasSize(n);
        assertThat(records).allSatisfy(record -> {
            UUID eventId = ceId(record);
            assertThat(record.key()).isEqualTo(keyOf.get(eventId));
            assertThat(KafkaRecords.header(record, "ce_type")).isEqualTo("crowd.jobs.JobCancelled.v1");
            assertThat(KafkaRecords.header(record, "ce_source")).isEqualTo("/crowd/platform-test");
            assertThat(KafkaRecords.header(record, "ce_subject")).isEqualTo(keyOf.get(eventId));
            assertThat(record.value()).contains(eventId.toString(), "\"jobId\":\"" + keyOf.get(eventId) + "\"");
        });
        for (UUID key : new java.util.HashSet<>(keys)) {
            assertThat(records.stream().filter(r -> r.key().equals(key.toString())).map(OutboxAndInboxTest::ceId).toList())
                    .as("order of key %s", key)
                    .containsExactlyElementsOf(published.stream().filter(id -> keyOf.get(id).equals(key.toString())).toList());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.count(
                "select count(*) from outbox_message where message_key = any(string_to_array(?, ',')) and sent_at is null",
                keyList) == 0);
    }

    private static UUID ceId(ConsumerRecord<String, String> record) {
        String id = KafkaRecords.header(record, "ce_id");
        return id == null ? null : UUID.fromString(id);
    }

    @Test
    void aSecondReplicaDoesNotRelayWhileAnotherOneIs() throws Exception {
        UUID jobId = UUID.randomUUID();
        UUID eventId;
        // another replica of this service, in the middle of a pass, holds the relay lock
        try (java.sql.Connection otherReplica = TestDatabase.connect();
             java.sql.Statement statement = otherReplica.createStatement()) {
            statement.execute("select pg_advisory_lock(" + dev.crowd.platform.outbox.OutboxRelay.RELAY_LOCK_KEY + ")");
            eventId = publish(jobId, "while-another-relays", 1, false).jsonPath().getUUID("eventIds[0]");
            assertThat(KafkaRecords.readKey(Topics.JOBS, jobId.toString(), 1, Duration.ofSeconds(3)))
                    .as("nothing is sent while the other replica relays").isEmpty();
            assertThat(TestDatabase.count("select count(*) from outbox_message where event_id = ? and sent_at is null",
                    eventId)).isEqualTo(1);
        }
        // the other replica is gone (its session, and with it the lock): this one relays the event
        await().atMost(WAIT).until(() -> appliedCount(eventId) == 1);
    }

    private static Response publish(UUID jobId, String title, int count, boolean failAfter) {
        return given().queryParam("jobId", jobId).queryParam("title", title).queryParam("count", count)
                .queryParam("failAfter", failAfter)
                .when().post("/test/notes")
                .then().statusCode(200).extract().response();
    }

    private static long appliedCount(UUID eventId) {
        return TestDatabase.count("select count(*) from applied_event where event_id = ?", eventId);
    }
}

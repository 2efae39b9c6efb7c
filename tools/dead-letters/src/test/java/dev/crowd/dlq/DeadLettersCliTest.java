package dev.crowd.dlq;

import dev.crowd.contracts.Topics;
import dev.crowd.testing.CrowdInfra;
import dev.crowd.testing.KafkaRecords;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./crowd dlq} against a real Kafka broker. Dead letters are written as SmallRye's dead-letter
 * queue writes them: the original key and payload, the original CloudEvents headers, and its
 * {@code dead-letter-*} headers (names taken from {@link KafkaDeadLetterQueue} itself).
 */
class DeadLettersCliTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private static KafkaProducer<String, String> producer;

    /** One dead letter as the test wrote it, and where it landed. */
    record Written(String key, String eventId, String payload, int partition, long offset) {
    }

    @BeforeAll
    static void startProducer() {
        Properties props = new Properties();
        props.putAll(CrowdInfra.kafkaAdminConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @Test
    void listsEachDeadLetterWithWhereItCameFromItsEventAndTheReason() {
        String service = newService();
        Written first = deadLetter(service, 0, Topics.WORK, 3, 41, "AssignmentSubmitted", "cannot be applied: item not found");
        Written second = deadLetter(service, 1, Topics.JOBS, 0, 7, "JobSubmitted", "cannot be applied: duplicate key");
        deadLetter(service, 0, "this is not json", Topics.WORK, 5, 9, "undecodable event: Unrecognized token");

        Run run = run("list", service);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("crowd.dlq." + service + ": 3 dead letters: 2 pending, 0 replayed, 1 not replayable");
        assertThat(line(run, first.eventId())).contains("0/0", "crowd.work/3/41", "AssignmentSubmitted", "pending",
                "cannot be applied: item not found");
        assertThat(line(run, second.eventId())).contains("1/0", "crowd.jobs/0/7", "JobSubmitted", "pending",
                "cannot be applied: duplicate key");
        assertThat(line(run, "0/1 ")).contains("crowd.work/5/9", "not replayable", "undecodable event");
        assertThat(run.out()).contains("0/1 is not replayable: the payload is not an event (no eventId)");
    }

    @Test
    void listWithoutServiceShowsEveryConsumingServiceAndEveryDeadLetterTopic() {
        String service = newService();
        Written letter = deadLetter(service, 0, Topics.QUALITY, 1, 2, "ItemResolved", "boom");

        Run run = run("list");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("crowd.dlq.task-service: no dead letters", "crowd.dlq.payment-service: no dead letters",
                "crowd.dlq." + service + ": 1 dead letter: 1 pending, 0 replayed, 0 not replayable", letter.eventId());
    }

    @Test
    void replaySendsEachDeadLetterToItsOriginalTopicWithItsKeyPayloadAndWhereItCameFrom() {
        String service = newService();
        Written first = deadLetter(service, 0, Topics.WORK, 3, 41, "AssignmentSubmitted", "boom");
        Written second = deadLetter(service, 0, Topics.WORK, 8, 12, "AssignmentSubmitted", "boom");

        Run run = run("replay", service);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("crowd.dlq." + service + ": 2 sent, 0 skipped, 0 already replayed");
        for (Written letter : List.of(first, second)) {
            List<ConsumerRecord<String, String>> replayed = KafkaRecords.readKey(Topics.WORK, letter.key(), 1, WAIT);
            assertThat(replayed).hasSize(1);
            ConsumerRecord<String, String> record = replayed.get(0);
            assertThat(record.value()).isEqualTo(letter.payload());
            assertThat(KafkaRecords.header(record, DeadLetterStore.REPLAYED_FROM))
                    .isEqualTo("crowd.dlq." + service + "/" + letter.partition() + "/" + letter.offset());
            assertThat(KafkaRecords.header(record, "ce_id")).as("the original CloudEvents headers").isEqualTo(letter.eventId());
            assertThat(record.headers()).noneMatch(h -> h.key().startsWith("dead-letter-"));
        }
        assertThat(run("list", service).out()).contains("2 dead letters: 0 pending, 2 replayed, 0 not replayable");
    }

    @Test
    void aSecondReplaySendsNothingAgainButPicksUpNewDeadLetters() {
        String service = newService();
        Written first = deadLetter(service, 0, Topics.WORK, 3, 41, "AssignmentSubmitted", "boom");
        assertThat(run("replay", service).status()).isZero();

        Run again = run("replay", service);

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains(": 0 sent, 0 skipped, 1 already replayed");
        Written later = deadLetter(service, 0, Topics.WORK, 4, 50, "AssignmentSubmitted", "boom");
        Run third = run("replay", service);
        assertThat(third.out()).contains(": 1 sent, 0 skipped, 1 already replayed").contains(later.eventId())
                .doesNotContain(first.eventId());
        assertThat(KafkaRecords.readKey(Topics.WORK, first.key(), 2, Duration.ofSeconds(3))).hasSize(1);
        assertThat(KafkaRecords.readKey(Topics.WORK, later.key(), 1, WAIT)).hasSize(1);
    }

    @Test
    void eventReplaysThatEventOnlyAndTheNextFullReplaySkipsIt() {
        String service = newService();
        Written a = deadLetter(service, 0, Topics.WORK, 0, 1, "AssignmentSubmitted", "boom");
        Written b = deadLetter(service, 0, Topics.WORK, 0, 2, "AssignmentSubmitted", "boom");
        Written c = deadLetter(service, 0, Topics.WORK, 0, 3, "AssignmentSubmitted", "boom");

        Run one = run("replay", service, "--event", b.eventId());

        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.out()).contains(": 1 sent, 0 skipped, 0 already replayed");
        assertThat(KafkaRecords.readKey(Topics.WORK, b.key(), 1, WAIT)).hasSize(1);
        assertThat(KafkaRecords.readKey(Topics.WORK, a.key(), 1, Duration.ofSeconds(2))).isEmpty();
        Run list = run("list", service);
        assertThat(line(list, b.eventId())).contains("replayed");
        assertThat(line(list, a.eventId())).contains("pending");
        assertThat(line(list, c.eventId())).contains("pending");

        Run sameAgain = run("replay", service, "--event", b.eventId());
        assertThat(sameAgain.out()).contains(": 0 sent, 0 skipped, 1 already replayed");

        Run rest = run("replay", service);
        assertThat(rest.out()).contains(": 2 sent, 0 skipped, 1 already replayed").doesNotContain(b.eventId());
        assertThat(KafkaRecords.readKey(Topics.WORK, b.key(), 2, Duration.ofSeconds(3))).hasSize(1);
        assertThat(run("list", service).out()).contains("3 dead letters: 0 pending, 3 replayed, 0 not replayable");
    }

    @Test
    void anEventThatIsNotThereFails() {
        String service = newService();
        deadLetter(service, 0, Topics.WORK, 0, 1, "AssignmentSubmitted", "boom");

        Run run = run("replay", service, "--event", UUID.randomUUID().toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("no dead letter with event id");
    }

    @Test
    void dryRunPrintsWhatItWouldSendAndSendsNothing() {
        String service = newService();
        Written letter = deadLetter(service, 0, Topics.WORK, 0, 1, "AssignmentSubmitted", "boom");
        deadLetter(service, 0, "not json", Topics.WORK, 0, 2, "undecodable");

        Run run = run("replay", service, "--dry-run");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("would send crowd.dlq." + service + "/0/0 -> crowd.work", letter.eventId(),
                "would skip crowd.dlq." + service + "/0/1", "(1 would be sent)");
        assertThat(KafkaRecords.readKey(Topics.WORK, letter.key(), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(run("list", service).out()).contains("2 dead letters: 1 pending, 0 replayed, 1 not replayable");
    }

    @Test
    void aPayloadThatIsNotAnEventIsSkippedNotReplayed() {
        String service = newService();
        String key = UUID.randomUUID().toString();
        deadLetterRaw(service, 0, key, "this is not json", Topics.WORK, 0, 2, "undecodable", null);

        Run run = run("replay", service);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("skip crowd.dlq." + service + "/0/0: the payload is not an event",
                ": 0 sent, 1 skipped");
        assertThat(KafkaRecords.readKey(Topics.WORK, key, 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(run("replay", service).out()).as("skipped again, and still not sent")
                .contains(": 0 sent, 1 skipped, 0 already replayed");
        assertThat(KafkaRecords.readKey(Topics.WORK, key, 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void anUnknownServiceFailsWithAMessage() {
        Run run = run("list", "no-such-service");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("unknown service 'no-such-service'", "task-service, worker-service")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run("replay", "no-such-service").err()).contains("unknown service 'no-such-service'");
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeout() {
        long started = System.nanoTime();
        Run run = DeadLettersCliTest.runAgainst("127.0.0.1:1", "list", "qa-service", "--timeout", "2");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("Kafka at 127.0.0.1:1 did not answer within 2 s").doesNotContain("\tat ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        Run run = runAgainst(CrowdInfra.kafkaBootstrap(), Map.of("CROWD_KAFKA_PASSWORD", "not-the-password"),
                "list", "qa-service", "--timeout", "5");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).containsIgnoringCase("authentication failed").doesNotContain("\tat ");
    }

    @Test
    void badArgumentsPrintTheUsage() {
        Run run = run("replay");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("replay needs the SERVICE", "usage: crowd dlq list");
        assertThat(run("list", "--event", "x").status()).isEqualTo(2);
        assertThat(run("purge").err()).contains("unknown command purge");
    }

    // --- helpers ---------------------------------------------------------------------------------

    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        return runAgainst(CrowdInfra.kafkaBootstrap(), args);
    }

    private static Run runAgainst(String bootstrap, String... args) {
        return runAgainst(bootstrap, adminCredentials(), args);
    }

    /** What ./crowd dlq passes: the admin's password (absent with an external broker without credentials). */
    private static Map<String, String> adminCredentials() {
        String jaas = (String) CrowdInfra.kafkaAdminConfig().get("sasl.jaas.config");
        if (jaas == null) {
            return Map.of();
        }
        return Map.of("CROWD_KAFKA_PASSWORD", jaas.replaceAll(".*password=\"([^\"]*)\".*", "$1"));
    }

    private static Run runAgainst(String bootstrap, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", bootstrap));
        int status = DeadLettersCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String line(Run run, String containing) {
        return run.out().lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + run.out()));
    }

    private static String newService() {
        return "test-" + SERVICES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A dead letter of an event of {@code type}, keyed by a new job id, in the service's DLQ partition. */
    private static Written deadLetter(String service, int partition, String originTopic, int originPartition,
                                      long originOffset, String type, String reason) {
        String key = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String payload = """
                {"type":"%s","eventId":"%s","occurredAt":"2026-11-28T10:15:30Z","jobId":"%s","version":1}"""
                .formatted(type, eventId, key);
        return deadLetterRaw(service, partition, key, payload, originTopic, originPartition, originOffset, reason,
                eventId, originTopic + "." + type + ".v1");
    }

    /** A dead letter whose payload is not an event. */
    private static Written deadLetter(String service, int partition, String payload, String originTopic,
                                      int originPartition, long originOffset, String reason) {
        return deadLetterRaw(service, partition, UUID.randomUUID().toString(), payload, originTopic, originPartition,
                originOffset, reason, null);
    }

    private static Written deadLetterRaw(String service, int partition, String key, String payload, String originTopic,
                                         int originPartition, long originOffset, String reason, String eventId) {
        return deadLetterRaw(service, partition, key, payload, originTopic, originPartition, originOffset, reason, eventId, null);
    }

    private static Written deadLetterRaw(String service, int partition, String key, String payload, String originTopic,
                                         int originPartition, long originOffset, String reason, String eventId,
                                         String ceType) {
        RecordHeaders headers = new RecordHeaders();
        // in the order KafkaDeadLetterQueue writes them: its own, then the original record's
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME, "dev.crowd.platform.inbox.PoisonMessageException");
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_REASON, reason);
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, originTopic);
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(originPartition));
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(originOffset));
        if (eventId != null) {
            add(headers, "ce_specversion", "1.0");
            add(headers, "ce_id", eventId);
            add(headers, "ce_type", ceType);
            add(headers, "ce_source", "/crowd/task-service");
        }
        try {
            var metadata = producer.send(new ProducerRecord<>(Topics.deadLetter(service), partition, key, payload, headers)).get();
            return new Written(key, eventId, payload, metadata.partition(), metadata.offset());
        } catch (Exception e) {
            throw new IllegalStateException("could not write a dead letter", e);
        }
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.crowd.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfra;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static dev.crowd.payment.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Pay-per-item throughput and latency through the real consumer, broker and database:
 * (1) a backlog of AnswersReviewed events is drained: item postings per second until the last ItemsPaid;
 * (2) reviews at a steady rate: time from sending AnswersReviewed to ItemsPaid on the broker (p50/p95/p99).
 * Not part of the normal build: {@code mvn -pl payment-service verify -Dbench -Dtest=PayPerItemBenchmark}.
 * Sizes: -Dbench.reviews (default 1000), -Dbench.items (per review, 10), -Dbench.rate (reviews/s, 20),
 * -Dbench.seconds (20).
 */
@Tag("bench")
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class PayPerItemBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JOBS = 12;

    @Inject
    EventJson eventJson;

    @Test
    void throughputAndLatency() throws Exception {
        int reviews = Integer.getInteger("bench.reviews", 1000);
        int itemsPerReview = Integer.getInteger("bench.items", 10);
        int rate = Integer.getInteger("bench.rate", 20);
        int seconds = Integer.getInteger("bench.seconds", 20);

        String requester = "bench-req-" + UUID.randomUUID();
        List<UUID> jobs = new ArrayList<>();
        long perJob = (long) (reviews + rate * seconds) * itemsPerReview / JOBS + 1000;
        deposit("bench-" + requester, requester, perJob * JOBS * 600).then().statusCode(201);
        for (int j = 0; j < JOBS; j++) {
            UUID jobId = UUID.randomUUID();
            jobs.add(jobId);
            send(jobSubmitted(jobId, requester, 500, 100, perJob));
        }
        for (UUID jobId : jobs) {
            assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        }

        Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> paid = itemsPaidConsumer()) {
            paid.poll(Duration.ofSeconds(2)); // join the group before the clock starts

            // (1) backlog
            List<String> backlog = new ArrayList<>(reviews);
            List<AnswersReviewed> events = new ArrayList<>(reviews);
            for (int r = 0; r < reviews; r++) {
                AnswersReviewed review = review(jobs.get(r % JOBS), itemsPerReview);
                events.add(review);
                backlog.add(eventJson.write(review));
            }
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            for (int r = 0; r < reviews; r++) {
                producer.send(new ProducerRecord<>("crowd.quality", events.get(r).key(), backlog.get(r)));
            }
            producer.flush();
            Map<UUID, Long> done = awaitPaid(paid, reviews, Duration.ofMinutes(5));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double postingsPerSecond = reviews * (double) itemsPerReview / elapsed;
            assertThat(done).hasSize(reviews);
            // where the backlog's time went: the consumer's last commit, the relay's last send, and how
            // many transactions paid it (the entries of one batch share their created_at)
            double consumerSeconds = (epochMillis("select max(created_at) from journal_entry where kind = 'ITEM_PAYMENT'")
                    - startMillis) / 1e3;
            double relaySeconds = (epochMillis("select max(sent_at) from outbox_message where event_type like '%ItemsPaid%'")
                    - startMillis) / 1e3;
            long transactions = TestDatabase.count(
                    "select count(distinct created_at) from journal_entry where kind = 'ITEM_PAYMENT'");

            // (2) steady rate, latency per review
            int steady = rate * seconds;
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int r = 0; r < steady; r++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                AnswersReviewed review = review(jobs.get(r % JOBS), itemsPerReview);
                sentAt.put(review.eventId(), System.currentTimeMillis());
                producer.send(new ProducerRecord<>("crowd.quality", review.key(), eventJson.write(review)));
                next += interval;
            }
            producer.flush();
            Map<UUID, Long> paidAt = awaitPaid(paid, steady, Duration.ofMinutes(5));
            List<Long> latencies = new ArrayList<>();
            paidAt.forEach((reviewId, at) -> {
                Long sent = sentAt.get(reviewId);
                if (sent != null) {
                    latencies.add(at - sent);
                }
            });
            Collections.sort(latencies);
            assertThat(latencies).hasSize(steady);

            String report = String.format("""
                    pay-per-item benchmark (%s)
                    backlog: %d AnswersReviewed x %d accepted items = %d postings in %.2f s -> %.0f postings/s (%.0f reviews/s)
                             last posting committed after %.2f s (%d transactions), last ItemsPaid sent by the relay after %.2f s
                    steady:  %d reviews/s x %d items for %d s; AnswersReviewed -> ItemsPaid latency ms: p50 %d, p95 %d, p99 %d, max %d
                    """, Instant.now(), reviews, itemsPerReview, reviews * itemsPerReview, elapsed, postingsPerSecond,
                    reviews / elapsed, consumerSeconds, transactions, relaySeconds, rate, itemsPerReview, seconds, pct(latencies, 50), pct(latencies, 95),
                    pct(latencies, 99), latencies.getLast());
            System.out.println(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-pay-per-item.txt"), report);
        }
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }

    private static AnswersReviewed review(UUID jobId, int items) {
        AnswersReviewed.Verdict[] verdicts = new AnswersReviewed.Verdict[items];
        for (int i = 0; i < items; i++) {
            verdicts[i] = accepted(UUID.randomUUID(), UUID.randomUUID(), "bench-ann-" + (i % 50));
        }
        return reviewed(jobId, false, verdicts);
    }

    /** Reads ItemsPaid until {@code expected} more arrived; review event id -> broker timestamp (ms). */
    private static Map<UUID, Long> awaitPaid(KafkaConsumer<String, String> consumer, int expected, Duration timeout)
            throws Exception {
        Map<UUID, Long> paid = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (paid.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                JsonNode node = JSON.readTree(record.value());
                if ("ItemsPaid".equals(node.path("type").asText())) {
                    paid.put(UUID.fromString(node.path("reviewEventId").asText()), record.timestamp());
                }
            }
        }
        return paid;
    }

    private static long epochMillis(String sql) {
        Object value = TestDatabase.column(sql).getFirst();
        return value instanceof java.sql.Timestamp ts ? ts.getTime()
                : ((java.time.OffsetDateTime) value).toInstant().toEpochMilli();
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.putAll(CrowdInfra.kafkaAdminConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> itemsPaidConsumer() {
        Properties props = new Properties();
        props.putAll(CrowdInfra.kafkaAdminConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of("crowd.payments"));
        return consumer;
    }
}

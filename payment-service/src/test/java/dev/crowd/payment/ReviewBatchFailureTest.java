package dev.crowd.payment;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfra;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static dev.crowd.payment.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Reviews arrive in batches: one that cannot be paid (its job was never funded) goes to the dead-letter
 * topic alone, the reviews around it in the same poll are paid once each, and the bad one, not recorded
 * as processed, is paid when it is delivered again after its job was funded.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ReviewBatchFailureTest {

    @Inject
    EventJson json;

    @Test
    void aBadReviewInABatchIsDeadLetteredAloneAndTheOthersArePaid() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID funded = UUID.randomUUID();
        UUID unfunded = UUID.randomUUID();
        send(jobSubmitted(funded, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(funded.toString(), "JobFunded", 1, WAIT)).hasSize(1);

        AnswersReviewed first = reviewed(funded, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker));
        AnswersReviewed bad = reviewed(unfunded, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker));
        AnswersReviewed last = reviewed(funded, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker));
        // one partition, one producer batch: the consumer most likely gets all three in one poll
        Properties props = new Properties();
        props.putAll(CrowdInfra.kafkaAdminConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (AnswersReviewed review : List.of(first, bad, last, first)) {
                producer.send(new ProducerRecord<>("crowd.quality", 0, review.key(), json.write(review)));
            }
        }

        var dead = KafkaRecords.read("crowd.dlq.payment-service",
                r -> r.value() != null && r.value().contains(bad.eventId().toString()), 1, WAIT);
        assertThat(dead).hasSize(1);
        var paid = paymentEvents(funded.toString(), "ItemsPaid", 3, java.time.Duration.ofSeconds(10));
        assertThat(paid).extracting(r -> io.restassured.path.json.JsonPath.from(r.value()).getString("reviewEventId"))
                .containsExactlyInAnyOrder(first.eventId().toString(), last.eventId().toString());
        assertThat(balance(TestTokens.annotator(worker), "ANNOTATOR_AVAILABLE")).isEqualTo(10_000);
        assertThat(TestDatabase.count("select count(*) from processed_event where event_id = ?", bad.eventId())).isZero();

        // the job is funded after all; the dead-lettered review, delivered again, is paid now
        send(jobSubmitted(unfunded, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(unfunded.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        send(bad);
        assertThat(paymentEvents(unfunded.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(balance(TestTokens.annotator(worker), "ANNOTATOR_AVAILABLE")).isEqualTo(15_000));
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }
}

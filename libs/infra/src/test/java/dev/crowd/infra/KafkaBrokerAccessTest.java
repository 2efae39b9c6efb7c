package dev.crowd.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker of the tests and of the local stack refuses writers without credentials, and a service's
 * principal may write only its own topics and read only what it consumes (issue 14: a forged
 * AnswersReviewed on crowd.quality moved money).
 */
class KafkaBrokerAccessTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(0, 0, null, 2, KafkaBroker.randomPasswords());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void producingWithoutCredentialsIsRefused() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrap());
        assertThatThrownBy(() -> send(config, KafkaAccess.QUALITY))
                .hasMessageContaining("crowd.quality"); // never acknowledged: the broker speaks SASL only
    }

    @Test
    void producingWithAWrongPasswordIsRefused() {
        Map<String, Object> config = KafkaAccess.clientConfig(broker.bootstrap(), "task-service", "not-the-password");
        assertThatThrownBy(() -> send(config, KafkaAccess.JOBS))
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
    }

    @Test
    void aServiceCannotWriteAnotherServicesTopic() {
        Map<String, Object> taskService = as("task-service");
        for (String topic : List.of(KafkaAccess.QUALITY, KafkaAccess.PAYMENTS, "crowd.dlq.payment-service")) {
            assertThatThrownBy(() -> send(taskService, topic))
                    .as(topic).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> send(as("worker-service"), KafkaAccess.QUALITY))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void eachServiceWritesWhatItOwnsAndItsDeadLettersWithAnIdempotentProducer() throws Exception {
        for (KafkaAccess.Principal service : KafkaAccess.SERVICES) {
            for (String topic : service.writes()) {
                send(as(service.name()), topic); // throws if refused
            }
        }
    }

    @Test
    void aServiceReadsWhatItConsumesWithItsOwnGroupOnly() throws Exception {
        send(as("qa-service"), KafkaAccess.QUALITY);
        assertThat(read(as("payment-service"), "payment-service", KafkaAccess.QUALITY)).isNotEmpty();
        // payment-service does not consume crowd.payments (it writes it)
        assertThatThrownBy(() -> read(as("payment-service"), "payment-service", KafkaAccess.PAYMENTS))
                .isInstanceOf(TopicAuthorizationException.class);
        // nor may it read under another service's group
        assertThatThrownBy(() -> read(as("payment-service"), "task-service", KafkaAccess.QUALITY))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    private static Map<String, Object> as(String principal) {
        return KafkaAccess.clientConfig(broker.bootstrap(), principal, broker.password(principal));
    }

    private static void send(Map<String, Object> config, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "job-1", "{\"forged\":true}")).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic, e.getCause());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    private static List<ConsumerRecord<String, String>> read(Map<String, Object> config, String group, String topic) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

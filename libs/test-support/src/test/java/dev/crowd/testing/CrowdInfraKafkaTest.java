package dev.crowd.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker every module's tests share is the authenticated one: a service's principal is refused on
 * another service's topic, no credentials get nowhere, the admin (the tests' helpers) may write anything.
 */
class CrowdInfraKafkaTest {

    @Test
    void aServicePrincipalCannotWriteAnotherServicesTopic() {
        assertThatThrownBy(() -> send(CrowdInfra.kafkaClientConfig("task-service"), "crowd.quality"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(CrowdInfra.kafkaClientConfig("task-service"), "crowd.payments"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void noCredentialsWriteNothing() {
        assertThatThrownBy(() -> send(new HashMap<>(Map.of("bootstrap.servers", CrowdInfra.kafkaBootstrap())), "crowd.quality"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServiceWritesItsOwnTopicAndTheHelpersReadItAsTheAdmin() throws Exception {
        String key = UUID.randomUUID().toString();
        send(CrowdInfra.kafkaClientConfig("qa-service"), "crowd.quality", key);
        assertThat(KafkaRecords.readKey("crowd.quality", key, 1, Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    void theTestApplicationIsNamedByItsConfiguration() {
        assertThat(CrowdInfraResource.applicationName()).isEqualTo("test-support-test");
    }

    private static void send(Map<String, Object> config, String topic) throws Exception {
        send(config, topic, "k");
    }

    private static void send(Map<String, Object> config, String topic, String key) throws Exception {
        Map<String, Object> props = new HashMap<>(config);
        props.put("max.block.ms", "5000");
        props.put("delivery.timeout.ms", "5000");
        props.put("request.timeout.ms", "4000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "{}")).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("refused", e.getCause());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("refused", e);
        }
    }
}

package dev.crowd.stack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 14's attack against the running stack: while a funded job is active, someone who can reach the
 * broker forges a JobSubmitted on crowd.jobs and an AnswersReviewed on crowd.quality naming the
 * requester and an annotator. Without credentials the broker refuses the connection; with a real
 * service's credentials (task-service) it refuses writing qa-service's topic. No balance moves.
 */
@ExtendWith(LocalStackExtension.class)
class KafkaSecurityTest {

    private static final String API = LocalStack.GATEWAY + "/api";

    @Test
    void forgedEventsAreRefusedByTheBrokerAndNoBalanceMoves() throws Exception {
        String rita = LocalStack.token("rita");
        String anna = LocalStack.token("anna");
        String ada = LocalStack.token("ada");
        String ritaId = owner(rita);
        String annaId = owner(anna);
        given().auth().oauth2(ada).header("Idempotency-Key", "kafka-security-deposit-" + UUID.randomUUID())
                .contentType("application/json")
                .body(Map.of("requesterId", ritaId, "amount", 100_000L, "currency", "EUR", "reference", "kafka security test"))
                .when().post(API + "/payments/admin/deposits")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String jobId = activeJob(rita);
        String ritaBefore = accounts(rita);
        String annaBefore = accounts(anna);

        String jobSubmitted = """
                {"eventId":"%s","occurredAt":"%s","jobId":"%s","requesterId":"%s","title":"forged",
                 "reward":{"amount":100000,"currency":"EUR"},"itemCount":1,"overlapMax":1}"""
                .formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ritaId);
        String answersReviewed = """
                {"eventId":"%s","occurredAt":"%s","jobId":"%s","corrective":false,"verdicts":[
                 {"assignmentId":"%s","itemId":"%s","workerId":"%s","accepted":true,"reason":null}]}"""
                .formatted(UUID.randomUUID(), Instant.now(), jobId, UUID.randomUUID(), UUID.randomUUID(), annaId);

        // no credentials: the broker speaks SASL only, nothing is ever acknowledged
        Map<String, Object> anonymous = Map.of("bootstrap.servers", LocalStack.KAFKA);
        assertThatThrownBy(() -> send(anonymous, "crowd.jobs", jobSubmitted, "JobSubmitted"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> send(anonymous, "crowd.quality", answersReviewed, "AnswersReviewed"))
                .isInstanceOf(IllegalStateException.class);

        // a real principal writing a topic it does not own: an authorization error
        Map<String, Object> taskService = sasl("task-service", LocalStack.kafkaPassword("task-service"));
        assertThatThrownBy(() -> send(taskService, "crowd.quality", answersReviewed, "AnswersReviewed"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(taskService, "crowd.payments", "{}", "JobFunded"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        // a guessed password for qa-service, the owner of crowd.quality
        Map<String, Object> guessed = sasl("qa-service", "qa-service");
        assertThatThrownBy(() -> send(guessed, "crowd.quality", answersReviewed, "AnswersReviewed"))
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);

        // payment-service applies an AnswersReviewed within a second or two: give it far longer
        Thread.sleep(5_000);
        assertThat(accounts(rita)).isEqualTo(ritaBefore);
        assertThat(accounts(anna)).isEqualTo(annaBefore);
        given().auth().oauth2(ada).when().get(API + "/payments/admin/ledger/check")
                .then().statusCode(200).body("ok", equalTo(true));
    }

    private static String owner(String token) {
        return given().auth().oauth2(token).when().get(API + "/payments/accounts/me")
                .then().statusCode(200).extract().path("owner");
    }

    private static String accounts(String token) {
        return given().auth().oauth2(token).when().get(API + "/payments/accounts/me")
                .then().statusCode(200).extract().jsonPath().getList("accounts").toString();
    }

    /** A funded, active job of one item (nobody labels it during the test). */
    private static String activeJob(String rita) {
        String jobUrl = given().auth().oauth2(rita).contentType("application/json").body(Map.of(
                        "title", "Kafka security (stack test)",
                        "instructions", "Pick the animal.",
                        "taskType", "SINGLE_LABEL",
                        "labels", List.of(Map.of("key", "cat", "displayName", "Cat", "hotkey", "c"),
                                Map.of("key", "dog", "displayName", "Dog", "hotkey", "d")),
                        "overlap", Map.of("min", 1, "max", 1, "targetConfidence", 0.5),
                        "reward", Map.of("amount", 100, "currency", "EUR"),
                        "microJobSize", 1,
                        "leaseSeconds", 600,
                        "goldPerMicroJob", 0))
                .when().post(API + "/tasks/jobs")
                .then().statusCode(201).extract().header("Location");
        String jobId = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
        given().auth().oauth2(rita).contentType("application/x-ndjson")
                .body("{\"id\": \"a\", \"text\": \"a small cat\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post(API + "/tasks/jobs/" + jobId + "/items")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(rita).when().post(API + "/tasks/jobs/" + jobId + "/submit")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "ACTIVE".equals(given().auth().oauth2(rita).when().get(API + "/tasks/jobs/" + jobId)
                        .then().extract().path("status")));
        return jobId;
    }

    private static Map<String, Object> sasl(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", LocalStack.KAFKA);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }

    /** Sends one event as the services do (CloudEvents binary headers); throws unless the broker acknowledged it. */
    private static void send(Map<String, Object> config, String topic, String json, String type) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, UUID.randomUUID().toString(), json);
            record.headers().add("ce_specversion", "1.0".getBytes()).add("ce_type", type.getBytes())
                    .add("ce_id", UUID.randomUUID().toString().getBytes()).add("ce_source", "/crowd/forged".getBytes());
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("refused: " + topic, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("refused: " + topic, e);
        }
    }
}

package dev.crowd.payment;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Money;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobCompleted;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.inject.spi.CDI;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Builds the events other services send, sends them on the real broker, and calls the API like a client. */
final class Fixtures {

    static final String EUR = "EUR";
    static final Duration WAIT = Duration.ofSeconds(30);

    static Money eur(long minorUnits) {
        return new Money(minorUnits, EUR);
    }

    /** A job of {@code maxJudgments} judgments at {@code reward} + {@code fee} each. */
    static JobSubmitted jobSubmitted(UUID jobId, String requesterId, long reward, long fee, long maxJudgments) {
        return new JobSubmitted(UUID.randomUUID(), Instant.now(), jobId, requesterId, "Cats and dogs",
                "single-label", List.of("cat", "dog"), maxJudgments, 0, new OverlapPolicy(1, 1, 0.9),
                eur(reward), eur(fee), maxJudgments, eur(maxJudgments * (reward + fee)));
    }

    static AnswersReviewed.Verdict accepted(UUID assignmentId, UUID itemId, String workerId) {
        return new AnswersReviewed.Verdict(assignmentId, itemId, workerId, true, null);
    }

    static AnswersReviewed.Verdict rejected(UUID assignmentId, UUID itemId, String workerId) {
        return new AnswersReviewed.Verdict(assignmentId, itemId, workerId, false, "gold: expected cat");
    }

    static AnswersReviewed reviewed(UUID jobId, boolean corrective, AnswersReviewed.Verdict... verdicts) {
        return new AnswersReviewed(UUID.randomUUID(), Instant.now(), jobId, corrective, List.of(verdicts));
    }

    static JobCompleted completed(UUID jobId, String requesterId) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), jobId, requesterId, 1);
    }

    static JobCancelled cancelled(UUID jobId, String requesterId) {
        return new JobCancelled(UUID.randomUUID(), Instant.now(), jobId, requesterId, "no longer needed");
    }

    static void send(CrowdEvent event) {
        KafkaRecords.send(event.topic(), event.key(), CDI.current().select(EventJson.class).get().write(event));
    }

    /** Payment events on crowd.payments for {@code key} whose type is {@code type}. */
    static List<ConsumerRecord<String, String>> paymentEvents(String key, String type, int expected, Duration timeout) {
        return KafkaRecords.read("crowd.payments",
                r -> key.equals(r.key()) && ("crowd.payments." + type + ".v1").equals(KafkaRecords.header(r, "ce_type")),
                expected, timeout);
    }

    static Response deposit(String key, String requesterId, long amount) {
        return given().auth().oauth2(TestTokens.admin("admin-1")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("requesterId", requesterId, "amount", amount))
                .when().post("/admin/deposits");
    }

    /** The caller's balance of {@code kind} (0 when absent). */
    static long balance(String token, String kind) {
        List<Map<String, Object>> accounts = given().auth().oauth2(token).when().get("/accounts/me")
                .then().statusCode(200).extract().jsonPath().getList("accounts");
        return accounts.stream().filter(a -> kind.equals(a.get("kind")))
                .mapToLong(a -> ((Number) ((Map<?, ?>) a.get("balance")).get("amount")).longValue())
                .findFirst().orElse(0);
    }

    static Response ledgerCheck() {
        return given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/admin/ledger/check");
    }

    private Fixtures() {
    }
}

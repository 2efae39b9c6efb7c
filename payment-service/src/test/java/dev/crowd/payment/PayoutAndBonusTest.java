package dev.crowd.payment;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.crowd.payment.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Annotators withdraw through the bank-file batch; requesters send bonuses. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class PayoutAndBonusTest {

    @Test
    void bonusThenPayoutsPaidAndFailed() throws Exception {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        String stranger = "ann-" + UUID.randomUUID();
        String workerToken = TestTokens.annotator(worker);
        String requesterToken = TestTokens.requester(requester);
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        send(reviewed(jobId, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);

        // bonus 20.00 + 10 % fee from the requester's available 94.00
        String body = given().auth().oauth2(requesterToken).header("Idempotency-Key", "bonus-1")
                .contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 200_000, "note", "great work"))
                .when().post("/bonuses").then().statusCode(201)
                .body("amount.amount", equalTo(200_000)).body("fee.amount", equalTo(20_000))
                .body("total.amount", equalTo(220_000)).body("balanceAfter.amount", equalTo(720_000))
                .extract().asString();
        // replayed: same answer, nothing moved
        String replay = given().auth().oauth2(requesterToken).header("Idempotency-Key", "bonus-1")
                .contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 200_000, "note", "great work"))
                .when().post("/bonuses").then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
        assertThat(replay).isEqualTo(body);
        // the same key for another bonus is refused
        given().auth().oauth2(requesterToken).header("Idempotency-Key", "bonus-1").contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 1, "note", "other"))
                .when().post("/bonuses").then().statusCode(409);
        // only to someone who worked on the job, only on one's own job, only what one has
        given().auth().oauth2(requesterToken).header("Idempotency-Key", "bonus-2").contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", stranger, "amount", 10_000))
                .when().post("/bonuses").then().statusCode(400).body("errors.field", hasItem("workerId"));
        given().auth().oauth2(TestTokens.requester("someone-else")).header("Idempotency-Key", "bonus-3")
                .contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 10_000))
                .when().post("/bonuses").then().statusCode(404);
        given().auth().oauth2(requesterToken).header("Idempotency-Key", "bonus-4").contentType(ContentType.JSON)
                .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 10_000_000))
                .when().post("/bonuses").then().statusCode(409).body("shortfall", equalTo(10_280_000));
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(205_000);

        // below the 10.00 minimum, above the balance, then two good ones
        payout(workerToken, "p0", 50_000).then().statusCode(400).body("errors.field", hasItem("amount"));
        payout(workerToken, "p1", 300_000).then().statusCode(409).body("available", equalTo(205_000));
        String paidId = payout(workerToken, "p2", 100_000).then().statusCode(201)
                .body("status", equalTo("REQUESTED")).extract().path("id");
        payout(workerToken, "p2", 100_000).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(paidId));
        String failedId = payout(workerToken, "p3", 100_000).then().statusCode(201).extract().path("id");
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
        assertThat(balance(workerToken, "PAYOUT_IN_TRANSIT")).isEqualTo(200_000);

        // the batch: a bank file with both, then the bank's outcome
        String admin = TestTokens.admin("admin-1");
        JsonPath batch = given().auth().oauth2(admin).when().post("/admin/payout-batches").then().statusCode(201)
                .extract().jsonPath();
        String batchId = batch.getString("id");
        assertThat(batch.getList("payouts.id")).contains(paidId, failedId);
        Path file = Path.of("target/payouts", batch.getString("reference"));
        assertThat(Files.readAllLines(file)).first().isEqualTo("payout_id,worker_id,amount,currency,requested_at");
        assertThat(Files.readString(file)).contains(paidId + "," + worker + ",10.0000,EUR");
        given().auth().oauth2(admin).when().get("/admin/payout-batches/" + batchId + "/file").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(failedId + "," + worker + ",10.0000,EUR"));

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("failures", List.of(Map.of("payoutId", UUID.randomUUID().toString(), "reason", "x"))))
                .when().post("/admin/payout-batches/" + batchId + "/confirm").then().statusCode(400);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("failures", List.of(Map.of("payoutId", failedId, "reason", "account closed"))))
                .when().post("/admin/payout-batches/" + batchId + "/confirm").then().statusCode(200)
                .body("status", equalTo("CONFIRMED"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of())
                .when().post("/admin/payout-batches/" + batchId + "/confirm").then().statusCode(409);

        given().auth().oauth2(workerToken).when().get("/payouts/" + paidId).then().statusCode(200)
                .body("status", equalTo("PAID"));
        given().auth().oauth2(workerToken).when().get("/payouts/" + failedId).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("failureReason", equalTo("account closed"));
        given().auth().oauth2(TestTokens.annotator(stranger)).when().get("/payouts/" + paidId).then().statusCode(404);
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(105_000);
        assertThat(balance(workerToken, "PAYOUT_IN_TRANSIT")).isZero();

        List<ConsumerRecord<String, String>> completed = paymentEvents(worker, "PayoutCompleted", 1, WAIT);
        assertThat(completed).hasSize(1);
        assertThat(JsonPath.from(completed.getFirst().value()).getString("payoutId")).isEqualTo(paidId);

        // the statement shows it all, filterable by kind
        given().auth().oauth2(workerToken).queryParam("kind", "PAYOUT_RETURNED").when().get("/accounts/me/statement")
                .then().statusCode(200).body("total", equalTo(2));
        given().auth().oauth2(workerToken).when().get("/accounts/me/statement").then().statusCode(200)
                .body("items[0].kind", equalTo("PAYOUT_RETURNED"));
        given().auth().oauth2(requesterToken).when().get("/accounts/me/jobs/" + jobId).then().statusCode(200)
                .body("bonusesPaid.amount", equalTo(200_000)).body("bonusFeesPaid.amount", equalTo(20_000));
        await().atMost(WAIT).untilAsserted(() -> ledgerCheck().then().statusCode(200).body("ok", equalTo(true)));
    }

    private static io.restassured.response.Response payout(String token, String key, long amount) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("amount", amount)).when().post("/payouts");
    }
}

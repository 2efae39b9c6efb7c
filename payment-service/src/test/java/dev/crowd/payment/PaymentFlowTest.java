package dev.crowd.payment;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.crowd.payment.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The job's money end to end: events in on the real broker, ledger postings, events out, balances via the API. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class PaymentFlowTest {

    @Test
    void depositFundPayCorrectAndRelease() {
        String requester = "req-" + UUID.randomUUID();
        String worker1 = "ann-" + UUID.randomUUID();
        String worker2 = "ann-" + UUID.randomUUID();
        String requesterToken = TestTokens.requester(requester);

        // 100.00 deposited; the same key again moves nothing and answers the same
        String first = deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201)
                .header("Idempotent-Replayed", "false").extract().asString();
        String again = deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertThat(again).isEqualTo(first);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(1_000_000);

        // a job of 10 judgments at 0.50 + 0.10: 6.00 reserved
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        List<ConsumerRecord<String, String>> funded = paymentEvents(jobId.toString(), "JobFunded", 1, WAIT);
        assertThat(funded).hasSize(1);
        assertThat(JsonPath.from(funded.getFirst().value()).getLong("amount.amount")).isEqualTo(60_000);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(940_000);

        // two accepted, one rejected, delivered three times: paid once
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID item1 = UUID.randomUUID();
        UUID item2 = UUID.randomUUID();
        var review = reviewed(jobId, false, accepted(a1, item1, worker1), accepted(a2, item1, worker2),
                rejected(a2, item2, worker2));
        send(review);
        send(review);
        send(review);
        List<ConsumerRecord<String, String>> paid = paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT);
        assertThat(paid).hasSize(1);
        assertThat(JsonPath.from(paid.getFirst().value()).getList("payments")).hasSize(2);
        // the corrective review pays the rejected answer and nothing twice
        send(reviewed(jobId, true, accepted(a2, item2, worker2), accepted(a1, item1, worker1)));
        List<ConsumerRecord<String, String>> paidAll = paymentEvents(jobId.toString(), "ItemsPaid", 3, Duration.ofSeconds(8));
        assertThat(paidAll).hasSize(2);
        assertThat(JsonPath.from(paidAll.get(1).value()).getList("payments.itemId")).containsExactly(item2.toString());

        assertThat(balance(TestTokens.annotator(worker1), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
        assertThat(balance(TestTokens.annotator(worker2), "ANNOTATOR_AVAILABLE")).isEqualTo(10_000);

        // completed: the rest (6.00 - 3 x 0.60 = 4.20) back to the requester
        send(completed(jobId, requester));
        List<ConsumerRecord<String, String>> released = paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT);
        assertThat(released).hasSize(1);
        assertThat(JsonPath.from(released.getFirst().value()).getLong("amount.amount")).isEqualTo(42_000);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(982_000);

        io.restassured.RestAssured.given().auth().oauth2(requesterToken).when().get("/accounts/me/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("RELEASED"))
                .body("itemsPaid", equalTo(3))
                .body("rewardsPaid.amount", equalTo(15_000))
                .body("feesPaid.amount", equalTo(3_000))
                .body("released.amount", equalTo(42_000))
                .body("inEscrow.amount", equalTo(0));
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }

    /**
     * After a restart JobCompleted (crowd.jobs) can overtake the job's last AnswersReviewed (crowd.quality):
     * the escrow waits for a verdict on every answer the completion counted, pays the late ones from the
     * escrow, and only then releases the rest.
     */
    @Test
    void aCompletionThatOvertakesItsLastReviewsReleasesOnlyAfterThem() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);

        UUID item1 = UUID.randomUUID();
        UUID item2 = UUID.randomUUID();
        UUID item3 = UUID.randomUUID();
        send(reviewed(jobId, false, accepted(UUID.randomUUID(), item1, worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);

        // three answers in all; two are not reviewed yet
        send(new dev.crowd.contracts.jobs.JobCompleted(UUID.randomUUID(), java.time.Instant.now(), jobId, requester, 3, 3L));
        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 1, Duration.ofSeconds(4))).isEmpty();

        send(reviewed(jobId, false, accepted(UUID.randomUUID(), item2, worker), rejected(UUID.randomUUID(), item3, worker)));
        List<ConsumerRecord<String, String>> released = paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT);
        assertThat(released).hasSize(1);
        // 6.00 reserved, two answers paid at 0.60: 4.80 back
        assertThat(JsonPath.from(released.getFirst().value()).getLong("amount.amount")).isEqualTo(48_000);
        assertThat(balance(TestTokens.annotator(worker), "ANNOTATOR_AVAILABLE")).isEqualTo(10_000);
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void shortBalanceIsRejectedWithTheShortfallAndNothingMoves() {
        String requester = "req-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 50_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));

        List<ConsumerRecord<String, String>> rejected = paymentEvents(jobId.toString(), "JobFundingRejected", 1, WAIT);
        assertThat(rejected).hasSize(1);
        JsonPath body = JsonPath.from(rejected.getFirst().value());
        assertThat(body.getLong("required.amount")).isEqualTo(60_000);
        assertThat(body.getLong("available.amount")).isEqualTo(50_000);
        assertThat(body.getLong("shortfall.amount")).isEqualTo(10_000);
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(50_000);

        // after topping up, the job submitted again is funded
        deposit("dep2-" + requester, requester, 10_000).then().statusCode(201);
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        await().atMost(WAIT).until(() -> balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE") == 0);

        // cancelled before any answer: all of it comes back
        send(cancelled(jobId, requester));
        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT)).hasSize(1);
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(60_000);
    }

    @Test
    void everyJobEventDeliveredThreeTimesPostsOnce() {
        String requester = "req-" + UUID.randomUUID();
        String token = TestTokens.requester(requester);
        deposit("dep-" + requester, requester, 100_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        var submitted = jobSubmitted(jobId, requester, 2_000, 500, 10);
        send(submitted);
        send(submitted);
        send(submitted);
        // the same job submitted again under a new event id is not funded twice either
        send(jobSubmitted(jobId, requester, 2_000, 500, 10));
        var completed = completed(jobId, requester);
        send(completed);
        send(completed);
        send(completed);

        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT)).hasSize(1);
        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 2, Duration.ofSeconds(3))).hasSize(1);
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 2, Duration.ofSeconds(3))).hasSize(1);
        io.restassured.RestAssured.given().auth().oauth2(token).when().get("/accounts/me/statement")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.kind", org.hamcrest.Matchers.contains("ESCROW_RELEASE", "JOB_FUNDING", "DEPOSIT"));
        assertThat(balance(token, "REQUESTER_AVAILABLE")).isEqualTo(100_000);
    }
}

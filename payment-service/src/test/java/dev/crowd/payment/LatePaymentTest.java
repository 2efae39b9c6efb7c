package dev.crowd.payment;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
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
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Late appeals: an answer accepted (by a corrective review) after its job's escrow went back to the
 * requester is paid from the requester's available balance, or owed until their next deposit covers it.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class LatePaymentTest {

    @Test
    void anAppealUpheldAfterTheReleaseIsPaidFromTheRequestersBalance() {
        String requester = "req-" + UUID.randomUUID();
        String worker1 = "ann-" + UUID.randomUUID();
        String worker2 = "ann-" + UUID.randomUUID();
        String requesterToken = TestTokens.requester(requester);
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);

        // 10 judgments at 0.50 + 0.10: 6.00 reserved; one answer accepted, one rejected
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID item1 = UUID.randomUUID();
        UUID item2 = UUID.randomUUID();
        send(reviewed(jobId, false, accepted(a1, item1, worker1), rejected(a2, item2, worker2)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);

        // completed: 6.00 - 0.60 = 5.40 back to the requester (940.00 + 5.40)
        send(completed(jobId, requester));
        List<ConsumerRecord<String, String>> released = paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT);
        assertThat(JsonPath.from(released.getFirst().value()).getLong("amount.amount")).isEqualTo(54_000);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(994_000);

        // the appeal is upheld: the rejected answer is accepted by a corrective review
        AnswersReviewed appeal = reviewed(jobId, true, accepted(a2, item2, worker2), accepted(a1, item1, worker1));
        send(appeal);
        List<ConsumerRecord<String, String>> paid = paymentEvents(jobId.toString(), "ItemsPaid", 2, WAIT);
        assertThat(paid).hasSize(2);
        JsonPath late = JsonPath.from(paid.get(1).value());
        assertThat(late.getString("reviewEventId")).isEqualTo(appeal.eventId().toString());
        assertThat(late.getList("payments.itemId")).containsExactly(item2.toString());
        assertThat(late.getLong("payments[0].reward.amount")).isEqualTo(5_000);
        assertThat(late.getLong("payments[0].fee.amount")).isEqualTo(1_000);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(balance(TestTokens.annotator(worker2), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000));
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(988_000);

        // redelivered, and the same answers accepted again by another review: nothing more is paid
        send(appeal);
        send(reviewed(jobId, true, accepted(a2, item2, worker2)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 3, Duration.ofSeconds(6))).hasSize(2);
        assertThat(KafkaRecords.read("crowd.dlq.payment-service",
                r -> r.value() != null && r.value().contains(jobId.toString()), 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(balance(TestTokens.annotator(worker2), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
        assertThat(balance(TestTokens.annotator(worker1), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(988_000);

        // the spend view counts it (released unchanged: that refund happened); the statement names it
        given().auth().oauth2(requesterToken).when().get("/accounts/me/jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("RELEASED"))
                .body("itemsPaid", equalTo(2))
                .body("rewardsPaid.amount", equalTo(10_000))
                .body("feesPaid.amount", equalTo(2_000))
                .body("released.amount", equalTo(54_000))
                .body("inEscrow.amount", equalTo(0))
                .body("owed.amount", equalTo(0))
                .body("totalSpent.amount", equalTo(12_000));
        given().auth().oauth2(requesterToken).queryParam("kind", "LATE_ITEM_PAYMENT")
                .when().get("/accounts/me/statement").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].amount.amount", equalTo(-6_000))
                .body("items[0].jobId", equalTo(jobId.toString()));
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void withoutFundsTheLateAnswersAreOwedAndPaidOldestFirstByTheNextDeposits() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        String requesterToken = TestTokens.requester(requester);
        String workerToken = TestTokens.annotator(worker);
        deposit("dep-" + requester, requester, 60_000).then().statusCode(201);

        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID a3 = UUID.randomUUID();
        UUID item1 = UUID.randomUUID();
        UUID item2 = UUID.randomUUID();
        UUID item3 = UUID.randomUUID();
        send(reviewed(jobId, false, accepted(a1, item1, worker), rejected(a2, item2, worker),
                rejected(a3, item3, worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);
        // cancelled: 5.40 back, then spent on another job: the requester has nothing left
        send(cancelled(jobId, requester));
        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT)).hasSize(1);
        UUID other = UUID.randomUUID();
        send(jobSubmitted(other, requester, 5_000, 1_000, 9));
        assertThat(paymentEvents(other.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isZero();

        // two appeals upheld, one redelivered and one answer accepted twice: owed once each
        AnswersReviewed first = reviewed(jobId, true, accepted(a2, item2, worker));
        AnswersReviewed second = reviewed(jobId, true, accepted(a3, item3, worker));
        send(first);
        send(first);
        send(second);
        send(reviewed(jobId, true, accepted(a2, item2, worker), accepted(a3, item3, worker)));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(requesterToken)
                .when().get("/accounts/me/jobs/" + jobId).then().statusCode(200)
                .body("owed.amount", equalTo(12_000)).body("owedItems", equalTo(2)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 2, Duration.ofSeconds(4))).hasSize(1);
        assertThat(KafkaRecords.read("crowd.dlq.payment-service",
                r -> r.value() != null && r.value().contains(jobId.toString()), 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("requesterId", requester)
                .when().get("/admin/late-payments").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].reviewEventId", equalTo(first.eventId().toString()))
                .body("[0].amount.amount", equalTo(6_000))
                .body("[1].reviewEventId", equalTo(second.eventId().toString()));
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));

        // 0.80 covers the oldest appeal only; then 1.00 covers the other; a replayed deposit pays nothing
        deposit("dep2-" + requester, requester, 8_000).then().statusCode(201);
        List<ConsumerRecord<String, String>> paid = paymentEvents(jobId.toString(), "ItemsPaid", 2, WAIT);
        assertThat(paid).hasSize(2);
        assertThat(JsonPath.from(paid.get(1).value()).getString("reviewEventId")).isEqualTo(first.eventId().toString());
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(2_000);
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(10_000);

        deposit("dep3-" + requester, requester, 10_000).then().statusCode(201);
        deposit("dep3-" + requester, requester, 10_000).then().statusCode(201).header("Idempotent-Replayed", "true");
        deposit("dep4-" + requester, requester, 1_000).then().statusCode(201);
        paid = paymentEvents(jobId.toString(), "ItemsPaid", 4, Duration.ofSeconds(6));
        assertThat(paid).hasSize(3);
        assertThat(JsonPath.from(paid.get(2).value()).getString("reviewEventId")).isEqualTo(second.eventId().toString());
        assertThat(JsonPath.from(paid.get(2).value()).getList("payments.itemId")).containsExactly(item3.toString());
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(7_000);
        assertThat(balance(workerToken, "ANNOTATOR_AVAILABLE")).isEqualTo(15_000);

        given().auth().oauth2(requesterToken).when().get("/accounts/me/jobs/" + jobId).then().statusCode(200)
                .body("itemsPaid", equalTo(3))
                .body("rewardsPaid.amount", equalTo(15_000))
                .body("feesPaid.amount", equalTo(3_000))
                .body("released.amount", equalTo(54_000))
                .body("inEscrow.amount", equalTo(0))
                .body("owed.amount", equalTo(0))
                .body("owedItems", equalTo(0));
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("requesterId", requester)
                .when().get("/admin/late-payments").then().statusCode(200).body("", hasSize(0));
        assertThat(TestDatabase.count("select count(*) from item_payment where job_id = ?", jobId)).isEqualTo(3);
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }
}

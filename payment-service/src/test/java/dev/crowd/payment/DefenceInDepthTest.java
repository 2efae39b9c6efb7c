package dev.crowd.payment;

import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.crowd.payment.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/**
 * What payment-service refuses even when an event or a request reaches it: a job priced unlike its
 * budget, more answers than a job can have, payouts of a sanctioned annotator, amounts that overflow.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class DefenceInDepthTest {

    private static final String DLQ = "crowd.dlq.payment-service";

    @Test
    void aJobSubmittedWhoseBudgetIsNotItsPriceIsNotFundedAndARequesterWithoutMoneyFundsNothing() {
        String requester = "req-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        // forged: 1,000 judgments at 50.00 reserved for a budget of 1.00
        UUID forged = UUID.randomUUID();
        JobSubmitted cheap = new JobSubmitted(UUID.randomUUID(), Instant.now(), forged, requester, "forged", "single-label",
                List.of("a", "b"), 1_000, 0, new OverlapPolicy(1, 1, 0.9), eur(500_000), eur(0), 1_000, eur(10_000));
        send(cheap);

        assertThat(KafkaRecords.read(DLQ, r -> r.value() != null && r.value().contains(cheap.eventId().toString()), 1, WAIT))
                .hasSize(1);
        assertThat(paymentEvents(forged.toString(), "JobFunded", 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(1_000_000);

        // a requester who never deposited: rejected with the whole budget short, nothing moved
        String broke = "req-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, broke, 5_000, 1_000, 10));
        var rejected = paymentEvents(jobId.toString(), "JobFundingRejected", 1, WAIT);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.getFirst().value()).contains("\"shortfall\":{\"amount\":60000");
        assertThat(balance(TestTokens.requester(broke), "REQUESTER_AVAILABLE")).isZero();
        ledgerCheck().then().statusCode(200).body("ok", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void aReviewPayingMoreAnswersThanTheJobCanHaveIsRefusedEvenAfterTheRelease() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 2));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        send(reviewed(jobId, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);
        send(completed(jobId, requester));
        assertThat(paymentEvents(jobId.toString(), "EscrowReleased", 1, WAIT)).hasSize(1);
        long before = balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE");
        assertThat(before).isEqualTo(1_000_000 - 6_000);

        // a forged appeal accepting five new answers of a job of at most two: would be paid from the requester
        AnswersReviewed forged = reviewed(jobId, true, accepted(UUID.randomUUID(), UUID.randomUUID(), worker),
                accepted(UUID.randomUUID(), UUID.randomUUID(), worker), accepted(UUID.randomUUID(), UUID.randomUUID(), worker),
                accepted(UUID.randomUUID(), UUID.randomUUID(), worker), accepted(UUID.randomUUID(), UUID.randomUUID(), worker));
        send(forged);

        assertThat(KafkaRecords.read(DLQ, r -> r.value() != null && r.value().contains(forged.eventId().toString()), 1, WAIT))
                .hasSize(1);
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 2, Duration.ofSeconds(2))).hasSize(1);
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(before);
        assertThat(balance(TestTokens.annotator(worker), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
    }

    @Test
    void anAssignmentIsPaidOnlyUnderTheJobAndAnnotatorItWasFirstReviewedFor() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        String attacker = "ann-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobA = UUID.randomUUID();
        UUID jobB = UUID.randomUUID();
        send(jobSubmitted(jobA, requester, 5_000, 1_000, 10));
        send(jobSubmitted(jobB, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobA.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        assertThat(paymentEvents(jobB.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        UUID assignment = UUID.randomUUID();
        send(reviewed(jobA, false, accepted(assignment, UUID.randomUUID(), worker)));
        assertThat(paymentEvents(jobA.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);

        // forged: the same assignment with another item, for the attacker, in job A and in job B
        AnswersReviewed otherWorker = reviewed(jobA, true, accepted(assignment, UUID.randomUUID(), attacker));
        AnswersReviewed otherJob = reviewed(jobB, false, accepted(assignment, UUID.randomUUID(), worker));
        send(otherWorker);
        send(otherJob);

        for (AnswersReviewed forged : List.of(otherWorker, otherJob)) {
            assertThat(KafkaRecords.read(DLQ, r -> r.value() != null && r.value().contains(forged.eventId().toString()), 1, WAIT))
                    .as("dead-lettered: %s", forged.eventId()).hasSize(1);
        }
        assertThat(paymentEvents(jobB.toString(), "ItemsPaid", 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(balance(TestTokens.annotator(attacker), "ANNOTATOR_AVAILABLE")).isZero();
        assertThat(balance(TestTokens.annotator(worker), "ANNOTATOR_AVAILABLE")).isEqualTo(5_000);
    }

    @Test
    void aSuspendedOrBannedAnnotatorCannotRequestAPayoutUntilReinstated() {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        String token = TestTokens.annotator(worker);
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 300_000, 30_000, 1));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        send(reviewed(jobId, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);
        Instant now = Instant.now();

        standing(worker, WorkerStatus.SUSPENDED, "too many gold failures", now);
        payout(token, "p-suspended", 100_000).then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("payouts-held"))
                .body("detail", containsString("suspended (too many gold failures)"));
        assertThat(balance(token, "ANNOTATOR_AVAILABLE")).isEqualTo(300_000);

        standing(worker, WorkerStatus.BANNED, "fraud", now.plusSeconds(1));
        payout(token, "p-banned", 100_000).then().statusCode(403).body("detail", containsString("banned"));
        assertThat(balance(token, "ANNOTATOR_AVAILABLE")).isEqualTo(300_000);

        standing(worker, WorkerStatus.ACTIVE, "reinstated by an admin", now.plusSeconds(2));
        payout(token, "p-active", 100_000).then().statusCode(201);
        assertThat(balance(token, "ANNOTATOR_AVAILABLE")).isEqualTo(200_000);
    }

    @Test
    void amountsThatOverflowAreBadInputNamingTheField() {
        String requester = "req-" + UUID.randomUUID();
        String admin = TestTokens.admin("admin-1");
        for (String amount : List.of("9e18", "9000000000000000000", "9223372036854775807", "1000000000000001")) {
            given().auth().oauth2(admin).header("Idempotency-Key", "big-" + amount).contentType(ContentType.JSON)
                    .body("{\"requesterId\":\"" + requester + "\",\"amount\":" + amount + "}")
                    .when().post("/admin/deposits")
                    .then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("errors.field", hasItem("amount"));
        }
        given().auth().oauth2(admin).header("Idempotency-Key", "bigger").contentType(ContentType.JSON)
                .body("{\"requesterId\":\"" + requester + "\",\"amount\":9e19}")
                .when().post("/admin/deposits").then().statusCode(400).body("errors.field", hasItem("amount"));

        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        String worker = "ann-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        send(jobSubmitted(jobId, requester, 5_000, 1_000, 10));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        send(reviewed(jobId, false, accepted(UUID.randomUUID(), UUID.randomUUID(), worker)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);
        given().auth().oauth2(TestTokens.requester(requester)).header("Idempotency-Key", "big-bonus")
                .contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"workerId\":\"" + worker + "\",\"amount\":9e18}")
                .when().post("/bonuses").then().statusCode(400).body("errors.field", hasItem("amount"));
        payout(TestTokens.annotator(worker), "big-payout", 9_000_000_000_000_000_000L).then().statusCode(400)
                .body("errors.field", hasItem("amount"));
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(1_000_000 - 60_000);
        ledgerCheck().then().statusCode(200).body("ok", org.hamcrest.Matchers.equalTo(true));
    }

    private static void standing(String worker, WorkerStatus status, String reason, Instant at) {
        send(new WorkerProfileChanged(UUID.randomUUID(), at, worker, status, 50, Set.of(), Set.of(), Set.of(), reason));
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from worker_standing where worker_id = ? and status = ?", worker, status.name()) == 1);
    }

    private static Response payout(String token, String key, long amount) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("amount", amount)).when().post("/payouts");
    }
}

package dev.crowd.payment;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.crowd.payment.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Many postings at once on the same accounts: exact balances, nothing below zero, no lost update. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ConcurrencyTest {

    @Test
    void parallelDepositsAndReplaysAddUpExactly() throws Exception {
        String requester = "req-" + UUID.randomUUID();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = requester + "-" + (i % 30);   // 30 distinct keys, 10 of them sent twice
            calls.add(() -> deposit(key, requester, 10_000).statusCode());
        }
        assertThat(runAll(calls)).containsOnly(201);
        assertThat(balance(TestTokens.requester(requester), "REQUESTER_AVAILABLE")).isEqualTo(300_000);
    }

    @Test
    void parallelWithdrawalsAndBonusesNeverOverdraw() throws Exception {
        String requester = "req-" + UUID.randomUUID();
        String worker = "ann-" + UUID.randomUUID();
        deposit("dep-" + requester, requester, 1_000_000).then().statusCode(201);
        UUID jobId = UUID.randomUUID();
        // 50 judgments at 1.00 + 0.10 = 55.00 reserved; 45.00 stays available
        send(jobSubmitted(jobId, requester, 10_000, 1_000, 50));
        assertThat(paymentEvents(jobId.toString(), "JobFunded", 1, WAIT)).hasSize(1);
        List<AnswersReviewed.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            verdicts.add(accepted(UUID.randomUUID(), UUID.randomUUID(), worker));
        }
        send(reviewed(jobId, false, verdicts.toArray(AnswersReviewed.Verdict[]::new)));
        assertThat(paymentEvents(jobId.toString(), "ItemsPaid", 1, WAIT)).hasSize(1);

        String workerToken = TestTokens.annotator(worker);
        String requesterToken = TestTokens.requester(requester);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {       // 30 x 10.00 against 50.00
            String key = "w-" + i;
            calls.add(() -> given().auth().oauth2(workerToken).header("Idempotency-Key", key)
                    .contentType(ContentType.JSON).body(Map.of("amount", 100_000)).when().post("/payouts").statusCode());
        }
        for (int i = 0; i < 20; i++) {       // 20 x (5.00 + 0.50) against 45.00
            String key = "b-" + i;
            calls.add(() -> given().auth().oauth2(requesterToken).header("Idempotency-Key", key)
                    .contentType(ContentType.JSON)
                    .body(Map.of("jobId", jobId.toString(), "workerId", worker, "amount", 50_000))
                    .when().post("/bonuses").statusCode());
        }
        List<Integer> statuses = runAll(calls);
        // withdrawals and bonuses race on the annotator's account: every success is counted below
        long payoutsOk = statuses.subList(0, 30).stream().filter(s -> s == 201).count();
        long bonusesOk = statuses.subList(30, 50).stream().filter(s -> s == 201).count();
        assertThat(statuses).containsOnly(201, 409);
        assertThat(bonusesOk).isEqualTo(8);
        assertThat(balance(requesterToken, "REQUESTER_AVAILABLE")).isEqualTo(450_000 - 8 * 55_000);

        long earned = 500_000 + bonusesOk * 50_000;
        long available = balance(workerToken, "ANNOTATOR_AVAILABLE");
        long inTransit = balance(workerToken, "PAYOUT_IN_TRANSIT");
        assertThat(inTransit).isEqualTo(payoutsOk * 100_000);
        assertThat(available).isEqualTo(earned - inTransit).isNotNegative();
        assertThat(payoutsOk).isBetween(5L, earned / 100_000);
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
    }

    private static List<Integer> runAll(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}

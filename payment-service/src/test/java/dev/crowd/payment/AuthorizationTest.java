package dev.crowd.payment;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.crowd.payment.Fixtures.deposit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Who may do what, and how bad input is answered (problem+json naming the field). */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class AuthorizationTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void noTokenOrExpiredTokenIs401() {
        given().when().get("/accounts/me").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.expiredToken("ann-1", "annotator")).when().get("/accounts/me")
                .then().statusCode(401);
    }

    @Test
    void nobodyReadsAnothersStatement() {
        String owner = "ann-" + UUID.randomUUID();
        deposit("auth-" + owner, owner, 10_000).then().statusCode(201);
        given().auth().oauth2(TestTokens.annotator("someone-else")).when().get("/accounts/" + owner + "/statement")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.requester("someone-else")).when().get("/accounts/" + owner + "/statement")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.requester(owner)).when().get("/accounts/" + owner + "/statement")
                .then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/accounts/" + owner + "/statement")
                .then().statusCode(200).body("items[0].kind", equalTo("DEPOSIT"))
                .body("items[0].amount.amount", equalTo(10_000));
        // someone else's own statement shows nothing of the owner's
        given().auth().oauth2(TestTokens.requester("someone-else")).when().get("/accounts/me/statement")
                .then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(TestTokens.requester("someone-else")).when().get("/accounts/me/jobs/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void onlyAdminsDepositOrCheckTheLedger() {
        for (String token : new String[]{TestTokens.requester("r-1"), TestTokens.annotator("a-1")}) {
            given().auth().oauth2(token).header("Idempotency-Key", "k").contentType(ContentType.JSON)
                    .body(Map.of("requesterId", "r-1", "amount", 10_000)).when().post("/admin/deposits")
                    .then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(token).when().get("/admin/ledger/check").then().statusCode(403);
            given().auth().oauth2(token).when().post("/admin/payout-batches").then().statusCode(403);
        }
        given().auth().oauth2(TestTokens.requester("r-1")).header("Idempotency-Key", "k").contentType(ContentType.JSON)
                .body(Map.of("amount", 100_000)).when().post("/payouts").then().statusCode(403);
        given().auth().oauth2(TestTokens.annotator("a-1")).header("Idempotency-Key", "k").contentType(ContentType.JSON)
                .body(Map.of("jobId", UUID.randomUUID().toString(), "workerId", "a-2", "amount", 100))
                .when().post("/bonuses").then().statusCode(403);
    }

    @Test
    void badInputIs400NamingTheField() {
        String admin = TestTokens.admin("admin-1");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("requesterId", "r-1", "amount", 10))
                .when().post("/admin/deposits").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("Idempotency-Key"));
        deposit("neg", "r-1", -5).then().statusCode(400).body("errors.field", hasItem("amount"));
        deposit("zero", "r-1", 0).then().statusCode(400).body("errors.field", hasItem("amount"));
        given().auth().oauth2(admin).header("Idempotency-Key", "k2").contentType(ContentType.JSON)
                .body(Map.of("amount", 10)).when().post("/admin/deposits").then().statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("requesterId")));
        given().auth().oauth2(admin).header("Idempotency-Key", "k3").contentType(ContentType.JSON)
                .body(Map.of("requesterId", "r-1", "amount", 10, "currency", "USD")).when().post("/admin/deposits")
                .then().statusCode(400).body("errors.field", hasItem("currency"));
        given().auth().oauth2(admin).header("Idempotency-Key", "k4").contentType(ContentType.JSON)
                .body("{\"requesterId\": \"r-1\", \"amount\": \"lots\"}").when().post("/admin/deposits")
                .then().statusCode(400).contentType(PROBLEM);
        deposit("same-key", "r-1", 100).then().statusCode(201);
        deposit("same-key", "r-1", 200).then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("idempotency-key-reused"));

        String annotator = TestTokens.annotator("a-1");
        given().auth().oauth2(annotator).queryParam("kind", "SALARY").when().get("/accounts/me/statement")
                .then().statusCode(400).body("errors.field", hasItem("kind"));
        given().auth().oauth2(annotator).queryParam("from", "yesterday").when().get("/accounts/me/statement")
                .then().statusCode(400).body("errors.field", hasItem("from"));
        given().auth().oauth2(annotator).queryParam("size", "100000").when().get("/accounts/me/statement")
                .then().statusCode(400).body("errors.field", hasItem("size"));
        given().auth().oauth2(annotator).when().get("/payouts/not-a-uuid").then().statusCode(400)
                .body("errors.field", hasItem("id"));
    }
}

package dev.crowd.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Starts the real local stack with the launcher, signs in every demo user at the real Keycloak, and
 * calls each service through the gateway: health, an authenticated endpoint, a wrong role (403) and
 * no token (401). Then stops everything.
 */
class StackSmokeTest {

    private static final String API = LocalStack.GATEWAY + "/api";

    @BeforeAll
    static void startStack() throws Exception {
        LocalStack.up();
    }

    @AfterAll
    static void stopStack() throws Exception {
        LocalStack.down();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rita", "anna", "ben", "chen", "ada"})
    void everyDemoUserGetsATokenFromKeycloak(String user) {
        String token = LocalStack.token(user);
        assertThat(token.split("\\.")).hasSize(3);
    }

    @Test
    void gatewayIsReady() {
        given().when().get(LocalStack.GATEWAY + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks", "workers", "qa", "payments"})
    void everyServiceIsReadyThroughTheGateway(String route) {
        given().when().get(API + "/" + route + "/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void taskServiceListsARequestersJobsAndRefusesOthers() {
        given().auth().oauth2(LocalStack.token("rita")).when().get(API + "/tasks/jobs").then().statusCode(200);
        given().auth().oauth2(LocalStack.token("anna")).when().get(API + "/tasks/jobs")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get(API + "/tasks/jobs").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void workerServiceKeepsAnAnnotatorsProfile() {
        String anna = LocalStack.token("anna");
        given().auth().oauth2(anna).contentType("application/json").body(profile(anna, "Anna"))
                .when().put(API + "/workers/workers/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(anna).when().get(API + "/workers/workers/me")
                .then().statusCode(200).body("displayName", equalTo("Anna")).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(LocalStack.token("rita")).when().get(API + "/workers/workers/me")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get(API + "/workers/workers/me").then().statusCode(401);
    }

    @Test
    void paymentServiceShowsBalancesAndTheLedgerCheckToAdminsOnly() {
        given().auth().oauth2(LocalStack.token("rita")).when().get(API + "/payments/accounts/me")
                .then().statusCode(200).body("currency", notNullValue());
        given().auth().oauth2(LocalStack.token("ada")).when().get(API + "/payments/admin/ledger/check")
                .then().statusCode(200).body("ok", equalTo(true));
        given().auth().oauth2(LocalStack.token("anna")).when().get(API + "/payments/admin/ledger/check")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void qaServiceShowsAppealsToAdminsAndAnnotatorsButNotRequesters() {
        given().auth().oauth2(LocalStack.token("ada")).when().get(API + "/qa/appeals").then().statusCode(200);
        given().auth().oauth2(LocalStack.token("anna")).when().get(API + "/qa/appeals").then().statusCode(200);
        given().auth().oauth2(LocalStack.token("rita")).when().get(API + "/qa/appeals")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aPlatformBanDisablesSignInAtKeycloakAndReinstatementEnablesIt() {
        String ben = LocalStack.token("ben");
        String benId = given().auth().oauth2(ben).contentType("application/json").body(profile(ben, "Ben"))
                .when().put(API + "/workers/workers/me")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("id");
        String ada = LocalStack.token("ada");

        given().auth().oauth2(ada).contentType("application/json")
                .body(Map.of("action", "BAN", "scope", "PLATFORM", "reason", "stack test: copied answers"))
                .when().post(API + "/workers/workers/" + benId + "/sanctions")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> LocalStack.signIn("ben").statusCode() == 400);
        assertThat(LocalStack.signIn("ben").jsonPath().getString("error")).isEqualTo("invalid_grant");

        given().auth().oauth2(ada).contentType("application/json").body(Map.of("reason", "stack test: appeal upheld"))
                .when().post(API + "/workers/workers/" + benId + "/reinstate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> LocalStack.signIn("ben").statusCode() == 200);
    }

    private static Map<String, Object> profile(String token, String name) {
        String skill = given().auth().oauth2(token).when().get(API + "/workers/skills").then().statusCode(200)
                .extract().jsonPath().getString("[0].code");
        return Map.of("displayName", name, "languages", List.of("en"), "skills", skill == null ? List.of() : List.of(skill),
                "country", "DE", "timezone", "Europe/Berlin");
    }
}

package dev.crowd.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
@ExtendWith(LocalStackExtension.class)
class StackSmokeTest {

    private static final String API = LocalStack.GATEWAY + "/api";

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
        // a service's operations paths are the admin's at the edge (anonymous: 401, see EdgeSecurityTest)
        given().auth().oauth2(LocalStack.token("ada")).when().get(API + "/" + route + "/q/health/ready")
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
                .when().put(API + "/workers/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(anna).when().get(API + "/workers/me")
                .then().statusCode(200).body("profile.displayName", equalTo("Anna"))
                .body("standing.status", equalTo("ACTIVE"));
        given().auth().oauth2(LocalStack.token("rita")).when().get(API + "/workers/me")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get(API + "/workers/me").then().statusCode(401);
        // The old route answers 308 to the new one for one release.
        given().auth().oauth2(anna).redirects().follow(false).when().get(API + "/workers/workers/me/trust")
                .then().statusCode(308).header("Location", org.hamcrest.Matchers.endsWith("/api/workers/me/trust"));
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
                .when().put(API + "/workers/me")
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

    /**
     * The main path across all five services and Kafka: an admin deposits for a requester; the
     * requester creates, fills and submits a job; payment-service funds it; two annotators label it;
     * qa-service resolves the items; task-service completes the job and serves the results;
     * payment-service pays both annotators and the ledger check stays green.
     */
    @Test
    void aJobRunsFromDepositToPaidAnnotators() {
        String rita = LocalStack.token("rita");
        String ada = LocalStack.token("ada");
        String ritaId = given().auth().oauth2(rita).when().get(API + "/payments/accounts/me")
                .then().statusCode(200).extract().path("owner");
        given().auth().oauth2(ada).header("Idempotency-Key", "stack-deposit-" + ritaId).contentType("application/json")
                .body(Map.of("requesterId", ritaId, "amount", 10_000_000L, "currency", "EUR", "reference", "stack test"))
                .when().post(API + "/payments/admin/deposits")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        String jobUrl = given().auth().oauth2(rita).contentType("application/json").body(Map.of(
                        "title", "Cats and dogs (stack test)",
                        "instructions", "Pick the animal.",
                        "taskType", "SINGLE_LABEL",
                        "labels", List.of(Map.of("key", "cat", "displayName", "Cat", "hotkey", "c"),
                                Map.of("key", "dog", "displayName", "Dog", "hotkey", "d")),
                        "overlap", Map.of("min", 2, "max", 2, "targetConfidence", 0.5),
                        "reward", Map.of("amount", 500, "currency", "EUR"),
                        "microJobSize", 2,
                        "leaseSeconds", 600,
                        "goldPerMicroJob", 0))
                .when().post(API + "/tasks/jobs")
                .then().statusCode(201).extract().header("Location");
        String jobId = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
        given().auth().oauth2(rita).contentType("application/x-ndjson")
                .body("{\"id\": \"a\", \"text\": \"a small cat\"}\n{\"id\": \"b\", \"text\": \"a big dog\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post(API + "/tasks/jobs/" + jobId + "/items")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(rita).when().post(API + "/tasks/jobs/" + jobId + "/submit")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "ACTIVE".equals(given().auth().oauth2(rita).when().get(API + "/tasks/jobs/" + jobId)
                        .then().extract().path("status")));

        for (String annotator : List.of("anna", "chen")) {
            String token = LocalStack.token(annotator);
            given().auth().oauth2(token).contentType("application/json").body(profile(token, annotator))
                    .when().put(API + "/workers/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            io.restassured.path.json.JsonPath work = given().auth().oauth2(token).queryParam("jobId", jobId)
                    .when().post(API + "/tasks/work/next")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> answers = new java.util.ArrayList<>();
            for (Map<String, Object> item : work.<Map<String, Object>>getList("items")) {
                @SuppressWarnings("unchecked")
                String text = String.valueOf(((Map<String, Object>) item.get("data")).get("text"));
                answers.add(Map.of("itemId", item.get("id"), "label", text.contains("cat") ? "cat" : "dog",
                        "timeSpentMillis", 2_500));
            }
            assertThat(answers).hasSize(2);
            given().auth().oauth2(token).contentType("application/json").body(Map.of("answers", answers))
                    .when().post(API + "/tasks/assignments/" + work.getString("id") + "/answers")
                    .then().statusCode(200);
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "COMPLETED".equals(given().auth().oauth2(rita).when().get(API + "/tasks/jobs/" + jobId)
                        .then().extract().path("status")));
        String results = given().auth().oauth2(rita).queryParam("format", "csv")
                .when().get(API + "/tasks/jobs/" + jobId + "/results")
                .then().statusCode(200).extract().asString();
        assertThat(results).contains("cat").contains("dog");

        for (String annotator : List.of("anna", "chen")) {
            String token = LocalStack.token(annotator);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    given().auth().oauth2(token).when().get(API + "/payments/accounts/me").then().extract().jsonPath()
                            .getLong("accounts.find { it.kind == 'ANNOTATOR_AVAILABLE' }.balance.amount") == 1_000L);
        }
        given().auth().oauth2(ada).when().get(API + "/payments/admin/ledger/check")
                .then().statusCode(200).body("ok", equalTo(true));
    }

    private static Map<String, Object> profile(String token, String name) {
        String skill = given().auth().oauth2(token).when().get(API + "/workers/skills").then().statusCode(200)
                .extract().jsonPath().getString("[0].code");
        return Map.of("displayName", name, "languages", List.of("en"), "skills", skill == null ? List.of() : List.of(skill),
                "country", "DE", "timezone", "Europe/Berlin");
    }
}

package dev.crowd.stack;

import dev.crowd.sim.Api;
import dev.crowd.sim.Identities;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input and attacks against the gateway of the running stack: malformed and mistyped bodies,
 * oversize payloads, unknown labels, missing, forged and expired tokens, wrong roles, other people's ids,
 * replayed submissions and answers after the lease. Never a 5xx, never someone else's data, and every
 * error a problem+json that says what is wrong.
 */
@ExtendWith(LocalStackExtension.class)
class BadInputTest {

    private static final String API = LocalStack.GATEWAY + "/api";

    private static String rita;
    private static String rex;
    private static String anna;
    private static String ben;
    private static String ada;
    private static String ritasJob;

    @BeforeAll
    static void people() {
        Identities identities = new Identities(new Api(LocalStack.GATEWAY), LocalStack.KEYCLOAK, "admin");
        // A second requester: another tenant, whose ids rita must not reach (and the other way round).
        identities.ensureUser("rex", "rex-local-only", "requester");
        rex = identities.signIn("rex", "rex-local-only").token();
        rita = LocalStack.token("rita");
        anna = LocalStack.token("anna");
        ben = LocalStack.token("ben");
        ada = LocalStack.token("ada");
        ritasJob = createJob(rita, 600);
    }

    // --- malformed bodies ----------------------------------------------------------------------------

    @Test
    void malformedJsonIsA400ProblemNotA500() {
        Response r = as(rita).contentType("application/json").body("{\"title\": \"x\", ").post(API + "/tasks/jobs");
        problem(r, 400);
    }

    @Test
    void aWrongTypeNamesTheField() {
        Map<String, Object> job = jobBody(600);
        job.put("microJobSize", "ten");
        Response r = as(rita).contentType("application/json").body(job).post(API + "/tasks/jobs");
        problem(r, 400);
        assertThat(r.asString()).contains("microJobSize");
    }

    @Test
    void invalidSettingsNameEachFieldAtFault() {
        Map<String, Object> job = jobBody(600);
        job.put("reward", Map.of("amount", -5, "currency", "euro"));
        Response r = as(rita).contentType("application/json").body(job).post(API + "/tasks/jobs");
        problem(r, 400);
        List<String> fields = r.jsonPath().getList("errors.field");
        assertThat(fields).contains("reward.amount", "reward.currency");
    }

    @Test
    void anOversizeBodyIsRefusedWithAProblem() {
        String huge = "{\"displayName\": \"" + "x".repeat(12 * 1024 * 1024) + "\"}";
        Response r = as(anna).contentType("application/json").body(huge).put(API + "/workers/me");
        assertThat(r.statusCode()).isIn(400, 413);
        problem(r, r.statusCode());
    }

    @Test
    void anUploadWithABadRowReportsTheLineAndImportsNothing() {
        String job = createJob(rita, 600);
        String body = "{\"id\": \"1\", \"text\": \"fine\"}\n{\"id\": \"2\", \"text\": \"gold\", \"gold_label\": \"purple\"}\nnot json\n";
        Response r = as(rita).contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .post(API + "/tasks/jobs/" + job + "/items");
        problem(r, 400);
        assertThat(r.jsonPath().getList("errors.line", Integer.class)).contains(2, 3);
        assertThat(as(rita).get(API + "/tasks/jobs/" + job).jsonPath().getLong("progress.itemsTotal")).isZero();
    }

    // --- tokens and roles ----------------------------------------------------------------------------

    @Test
    void missingForgedAndForeignTokensAre401() {
        problem(given().get(API + "/tasks/jobs"), 401);
        problem(given().header("Authorization", "Bearer not-a-jwt").get(API + "/tasks/jobs"), 401);
        // Same header and payload, signature of another key: a forgery.
        String[] parts = rita.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("forged-signature-forged-signature".getBytes(StandardCharsets.UTF_8));
        problem(given().auth().oauth2(forged).get(API + "/tasks/jobs"), 401);
        // A payload edited to claim the admin role, with the original signature.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"requester\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        problem(given().auth().oauth2(tampered).get(API + "/payments/admin/ledger/check"), 401);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String shortLived = ShortLivedTokens.token("anna", "anna-local-only", 2);
        assertThat(given().auth().oauth2(shortLived).get(API + "/payments/accounts/me").statusCode()).isEqualTo(200);
        Thread.sleep(4_000);
        problem(given().auth().oauth2(shortLived).get(API + "/payments/accounts/me"), 401);
    }

    @Test
    void wrongRolesAre403() {
        problem(as(anna).contentType("application/json").body(jobBody(600)).post(API + "/tasks/jobs"), 403);
        problem(as(rita).post(API + "/tasks/work/next"), 403);
        problem(as(anna).get(API + "/payments/admin/ledger/check"), 403);
        problem(as(rita).contentType("application/json").body(Map.of("action", "BAN", "scope", "PLATFORM", "reason", "x"))
                .post(API + "/workers/workers/" + java.util.UUID.randomUUID() + "/sanctions"), 403);
        problem(as(anna).header("Idempotency-Key", "idor-1").contentType("application/json")
                .body(Map.of("requesterId", "x", "amount", 1)).post(API + "/payments/admin/deposits"), 403);
    }

    // --- other people's ids --------------------------------------------------------------------------

    @Test
    void anotherRequesterCannotSeeOrTouchAJob() {
        problem(as(rex).get(API + "/tasks/jobs/" + ritasJob), 404);
        problem(as(rex).get(API + "/tasks/jobs/" + ritasJob + "/results"), 404);
        problem(as(rex).post(API + "/tasks/jobs/" + ritasJob + "/cancel"), 404);
        problem(as(rex).contentType("application/x-ndjson").body(bytes("{\"text\": \"x\"}\n")).post(API + "/tasks/jobs/" + ritasJob + "/items"), 404);
        problem(as(rex).contentType("application/json").body(jobBody(600)).put(API + "/tasks/jobs/" + ritasJob), 404);
        assertThat(as(rex).get(API + "/tasks/jobs").asString()).doesNotContain(ritasJob);
        Response quality = as(rex).get(API + "/qa/jobs/" + ritasJob + "/quality");
        assertThat(quality.statusCode()).isIn(403, 404);
        problem(quality, quality.statusCode());
        Response spend = as(rex).get(API + "/payments/accounts/me/jobs/" + ritasJob);
        assertThat(spend.statusCode()).isIn(403, 404);
        String ritaId = as(rita).get(API + "/payments/accounts/me").jsonPath().getString("owner");
        Response statement = as(rex).get(API + "/payments/accounts/" + ritaId + "/statement");
        assertThat(statement.statusCode()).isIn(403, 404);
        problem(statement, statement.statusCode());
    }

    @Test
    void anAnnotatorCannotReadOrAnswerAnotherAnnotatorsAssignmentAndReplaysAreIdempotent() {
        String job = fundedJob(600);
        Response claim = as(anna).queryParam("jobId", job).post(API + "/tasks/work/next");
        assertThat(claim.statusCode()).isEqualTo(200);
        String assignment = claim.jsonPath().getString("id");
        List<Map<String, Object>> answers = answers(claim, "cat");

        problem(as(ben).get(API + "/tasks/assignments/" + assignment), 404);
        problem(as(ben).contentType("application/json").body(Map.of("answers", answers))
                .post(API + "/tasks/assignments/" + assignment + "/answers"), 404);

        // An unknown label names the answer at fault.
        Response unknown = as(anna).contentType("application/json").body(Map.of("answers", answers(claim, "purple")))
                .post(API + "/tasks/assignments/" + assignment + "/answers");
        problem(unknown, 400);
        assertThat(unknown.jsonPath().getString("errors[0].field")).startsWith("answers[");

        Response first = as(anna).contentType("application/json").body(Map.of("answers", answers))
                .post(API + "/tasks/assignments/" + assignment + "/answers");
        assertThat(first.statusCode()).isEqualTo(200);
        Response replay = as(anna).contentType("application/json").body(Map.of("answers", answers))
                .post(API + "/tasks/assignments/" + assignment + "/answers");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.jsonPath().getString("submittedAt")).isEqualTo(first.jsonPath().getString("submittedAt"));
        problem(as(anna).contentType("application/json").body(Map.of("answers", answers(claim, "dog")))
                .post(API + "/tasks/assignments/" + assignment + "/answers"), 409);
    }

    @Test
    void answersAfterTheLeaseAre410() throws Exception {
        String job = fundedJob(2);
        Response claim = as(ben).queryParam("jobId", job).post(API + "/tasks/work/next");
        assertThat(claim.statusCode()).isEqualTo(200);
        Thread.sleep(3_500);
        problem(as(ben).contentType("application/json").body(Map.of("answers", answers(claim, "cat")))
                .post(API + "/tasks/assignments/" + claim.jsonPath().getString("id") + "/answers"), 410);
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** An error the way the platform promises it: the status, problem+json, a title and a detail. */
    static void problem(Response r, int status) {
        assertThat(r.statusCode()).as("status of %s", r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("title")).isNotBlank();
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static Map<String, Object> jobBody(int leaseSeconds) {
        Map<String, Object> job = new java.util.LinkedHashMap<>();
        job.put("title", "Bad input suite");
        job.put("instructions", "Pick the animal.");
        job.put("taskType", "SINGLE_LABEL");
        job.put("labels", List.of(Map.of("key", "cat", "displayName", "Cat"), Map.of("key", "dog", "displayName", "Dog")));
        job.put("overlap", Map.of("min", 1, "max", 1, "targetConfidence", 0.5));
        job.put("reward", Map.of("amount", 100, "currency", "EUR"));
        job.put("microJobSize", 2);
        job.put("leaseSeconds", leaseSeconds);
        job.put("goldPerMicroJob", 0);
        return job;
    }

    private static String createJob(String token, int leaseSeconds) {
        String location = as(token).contentType("application/json").body(jobBody(leaseSeconds)).post(API + "/tasks/jobs")
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A small ACTIVE job of rita's with two items. */
    private static String fundedJob(int leaseSeconds) {
        String ritaId = as(rita).get(API + "/payments/accounts/me").jsonPath().getString("owner");
        as(ada).header("Idempotency-Key", "bad-input-" + java.util.UUID.randomUUID()).contentType("application/json")
                .body(Map.of("requesterId", ritaId, "amount", 10_000L, "currency", "EUR", "reference", "bad-input suite"))
                .post(API + "/payments/admin/deposits").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String job = createJob(rita, leaseSeconds);
        as(rita).contentType("application/x-ndjson").body(bytes("{\"text\": \"a cat\"}\n{\"text\": \"a dog\"}\n"))
                .post(API + "/tasks/jobs/" + job + "/items").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        as(rita).post(API + "/tasks/jobs/" + job + "/submit").then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(300))
                .until(() -> "ACTIVE".equals(as(rita).get(API + "/tasks/jobs/" + job).jsonPath().getString("status")));
        return job;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map<String, Object>> answers(Response claim, String label) {
        return claim.jsonPath().<Map<String, Object>>getList("items").stream()
                .map(i -> Map.<String, Object>of("itemId", i.get("id"), "label", label, "timeSpentMillis", 1000))
                .toList();
    }
}

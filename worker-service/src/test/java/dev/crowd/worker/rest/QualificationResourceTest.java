package dev.crowd.worker.rest;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import dev.crowd.worker.Fixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class QualificationResourceTest {

    private static final String REQUESTER = "req-qual";

    private static Map<String, Object> test(String code, int passMark, int cooldownHours, Integer validityDays) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Medical images");
        body.put("description", "X-ray basics");
        body.put("passMark", passMark);
        body.put("retakeCooldownHours", cooldownHours);
        body.put("validityDays", validityDays);
        body.put("questions", List.of(
                Map.of("prompt", "Which is a bone?", "options", List.of("femur", "aorta"), "answer", "femur"),
                Map.of("prompt", "Which is a vessel?", "options", List.of("femur", "aorta"), "answer", "aorta"),
                Map.of("prompt", "Which is an organ?", "options", List.of("liver", "tibia", "ulna"), "answer", "liver"),
                Map.of("prompt", "Which image shows a fracture?", "options", List.of("a", "b"), "answer", "b")));
        return body;
    }

    private static String define(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.requester(REQUESTER)).contentType(ContentType.JSON).body(body)
                .when().post("/qualifications")
                .then().statusCode(201).header("Location", notNullValue())
                .extract().path("qualification.id");
    }

    private static String code() {
        return "med-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void annotatorPassesTheTestAndTheQualificationIsGrantedAndPublished() {
        String code = code();
        String id = define(test(code, 75, 0, 30));
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("medical"));
        String token = TestTokens.annotator(me);

        // served without answers
        String testBody = given().auth().oauth2(token).when().get("/qualifications/" + id + "/test")
                .then().statusCode(200).body("questions.size()", equalTo(4))
                .body("questions[0].options", contains("femur", "aorta"))
                .extract().asString();
        assertThat(testBody).doesNotContain("answer");
        given().auth().oauth2(token).when().get("/qualifications/" + id)
                .then().statusCode(200).body("questions", nullValue()).body("qualification.code", equalTo(code));

        // 3 of 4 = 75% = pass mark: passes
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("answers", Map.of("q1", "femur", "q2", "aorta", "q3", "liver", "q4", "a")))
                .when().post("/qualifications/" + id + "/attempts")
                .then().statusCode(201)
                .body("attempt.correct", equalTo(3)).body("attempt.total", equalTo(4)).body("attempt.score", equalTo(75))
                .body("attempt.passed", equalTo(true)).body("granted", equalTo(true))
                .body("expiresAt", notNullValue()).body("nextAttemptAt", nullValue());

        given().auth().oauth2(token).when().get("/me/qualifications")
                .then().statusCode(200).body("granted.code", contains(code)).body("attempts.size()", equalTo(1));
        given().auth().oauth2(token).when().get("/me")
                .then().statusCode(200).body("qualifications.code", contains(code));

        List<JsonPath> events = Fixtures.workerEvents(me, 2);
        assertThat(events.get(1).getString("type")).isEqualTo("WorkerProfileChanged");
        assertThat(events.get(1).getList("qualifications")).containsExactly(code);
        assertThat(events.get(1).getString("reason")).contains(code);

        // the admin finds the annotator by qualification
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("qualification", code)
                .when().get("/workers")
                .then().statusCode(200).body("items.id", contains(me)).body("total", equalTo(1));
    }

    @Test
    void failedAttemptIsKeptAndTheCooldownBlocksARetake() {
        String id = define(test(code(), 75, 24, null));
        String me = Fixtures.newSubject("ann");
        String token = TestTokens.annotator(me);

        // 2 of 4 = 50%: fails; the unanswered question counts as wrong
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("answers", Map.of("q1", "femur", "q2", "aorta", "q3", "tibia")))
                .when().post("/qualifications/" + id + "/attempts")
                .then().statusCode(201).body("attempt.score", equalTo(50)).body("attempt.passed", equalTo(false))
                .body("granted", equalTo(false)).body("nextAttemptAt", notNullValue());

        given().auth().oauth2(token).when().get("/qualifications/" + id + "/test")
                .then().statusCode(409).contentType("application/problem+json").body("nextAttemptAt", notNullValue());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("answers", Map.of("q1", "femur", "q2", "aorta", "q3", "liver", "q4", "b")))
                .when().post("/qualifications/" + id + "/attempts")
                .then().statusCode(409);

        given().auth().oauth2(token).when().get("/me/qualifications")
                .then().statusCode(200).body("granted.size()", equalTo(0))
                .body("attempts[0].score", equalTo(50)).body("attempts[0].passed", equalTo(false));
        // another annotator sees only their own (empty) results
        given().auth().oauth2(TestTokens.annotator(Fixtures.newSubject("ann"))).when().get("/me/qualifications")
                .then().statusCode(200).body("attempts.size()", equalTo(0));
    }

    @Test
    void ownerAndAdminSeeTheAnswersOthersDoNot() {
        String id = define(test(code(), 50, 0, null));
        given().auth().oauth2(TestTokens.requester(REQUESTER)).when().get("/qualifications/" + id)
                .then().statusCode(200).body("questions[0].answer", equalTo("femur"));
        given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/qualifications/" + id)
                .then().statusCode(200).body("questions[1].answer", equalTo("aorta"));
        given().auth().oauth2(TestTokens.requester("req-other")).when().get("/qualifications/" + id)
                .then().statusCode(200).body("questions", nullValue());
        given().auth().oauth2(TestTokens.annotator("ann-any")).when().get("/qualifications")
                .then().statusCode(200).body("id", hasItem(id)).body("questions", not(hasItem(notNullValue())));
        given().auth().oauth2(TestTokens.annotator("ann-any")).when().get("/qualifications/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyRequestersAndAdminsDefineAndOnlyAnnotatorsTakeTests() {
        given().auth().oauth2(TestTokens.annotator("ann-1")).contentType(ContentType.JSON).body(test(code(), 50, 0, null))
                .when().post("/qualifications").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(test(code(), 50, 0, null))
                .when().post("/qualifications").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON).body(test(code(), 50, 0, null))
                .when().post("/qualifications").then().statusCode(201);
        String id = define(test(code(), 50, 0, null));
        given().auth().oauth2(TestTokens.requester(REQUESTER)).when().get("/qualifications/" + id + "/test")
                .then().statusCode(403);
    }

    @Test
    void invalidTestsAre400NamingTheField() {
        Map<String, Object> empty = test(code(), 50, 0, null);
        empty.put("questions", List.of());
        expect400(empty, "questions");

        expect400(test(code(), 0, 0, null), "passMark");
        expect400(test(code(), 101, 0, null), "passMark");
        expect400(test(code(), 50, -1, null), "retakeCooldownHours");
        expect400(test(code(), 50, 0, 0), "validityDays");
        expect400(test("Not A Code!", 50, 0, null), "code");

        Map<String, Object> wrongAnswer = test(code(), 50, 0, null);
        wrongAnswer.put("questions", List.of(Map.of("prompt", "?", "options", List.of("a", "b"), "answer", "c")));
        expect400(wrongAnswer, "questions[0].answer");

        Map<String, Object> oneOption = test(code(), 50, 0, null);
        oneOption.put("questions", List.of(Map.of("prompt", "?", "options", List.of("a"), "answer", "a")));
        given().auth().oauth2(TestTokens.requester(REQUESTER)).contentType(ContentType.JSON).body(oneOption)
                .when().post("/qualifications")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("options"));
    }

    @Test
    void duplicateCodeIs409AndAnswersToUnknownQuestionsAre400() {
        String code = code();
        String id = define(test(code, 50, 0, null));
        given().auth().oauth2(TestTokens.requester(REQUESTER)).contentType(ContentType.JSON).body(test(code, 50, 0, null))
                .when().post("/qualifications").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.annotator(Fixtures.newSubject("ann"))).contentType(ContentType.JSON)
                .body(Map.of("answers", Map.of("q1", "femur", "q99", "x")))
                .when().post("/qualifications/" + id + "/attempts")
                .then().statusCode(400).body("errors[0].field", equalTo("answers.q99"));
    }

    private static void expect400(Map<String, Object> body, String field) {
        given().auth().oauth2(TestTokens.requester(REQUESTER)).contentType(ContentType.JSON).body(body)
                .when().post("/qualifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(org.hamcrest.Matchers.endsWith(field)));
    }

    @Test
    void expiredQualificationIsWithdrawnAndAnnounced() {
        String code = code();
        String id = define(test(code, 50, 0, 1));
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        given().auth().oauth2(TestTokens.annotator(me)).contentType(ContentType.JSON)
                .body(Map.of("answers", Map.of("q1", "femur", "q2", "aorta", "q3", "liver", "q4", "b")))
                .when().post("/qualifications/" + id + "/attempts")
                .then().statusCode(201).body("granted", equalTo(true));
        // a day passes
        dev.crowd.testing.TestDatabase.update(
                "update worker_qualification set expires_at = now() - interval '1 second' where worker_id = ?", me);

        List<JsonPath> events = Fixtures.workerEvents(me, 3);
        assertThat(events.get(1).getList("qualifications")).containsExactly(code);
        assertThat(events.get(2).getList("qualifications")).isEmpty();
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().body("qualifications.size()", equalTo(0));
        // the attempt and its score are kept
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me/qualifications")
                .then().body("attempts[0].score", equalTo(100));
    }

    @Test
    void parallelAttemptsAreSerializedSoOnlyOneIsScoredWithinTheCooldown() throws Exception {
        String id = define(test(code(), 75, 24, null));
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("medical"));
        String token = TestTokens.annotator(me);
        // Each probe changes one answer: were they all scored, their correct counts would spell out the key.
        List<Map<String, String>> probes = List.of(
                Map.of("q1", "femur", "q2", "femur", "q3", "tibia", "q4", "a"),
                Map.of("q1", "aorta", "q2", "femur", "q3", "tibia", "q4", "a"),
                Map.of("q1", "femur", "q2", "aorta", "q3", "tibia", "q4", "a"),
                Map.of("q1", "femur", "q2", "femur", "q3", "liver", "q4", "a"),
                Map.of("q1", "femur", "q2", "femur", "q3", "tibia", "q4", "b"),
                Map.of("q1", "aorta", "q2", "aorta", "q3", "ulna", "q4", "b"),
                Map.of("q1", "aorta", "q2", "femur", "q3", "liver", "q4", "b"),
                Map.of("q1", "femur", "q2", "aorta", "q3", "ulna", "q4", "a"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(probes.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> replies = new java.util.ArrayList<>();
            for (Map<String, String> probe : probes) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", probe))
                            .when().post("/qualifications/" + id + "/attempts").statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> reply : replies) {
                codes.add(reply.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(probes.size() - 1);
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(token).when().get("/me/qualifications")
                .then().statusCode(200).body("attempts.size()", equalTo(1));
    }
}

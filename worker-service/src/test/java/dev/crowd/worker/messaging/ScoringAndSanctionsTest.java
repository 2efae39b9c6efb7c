package dev.crowd.worker.messaging;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import dev.crowd.worker.Fixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.crowd.worker.Fixtures.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** WorkerScored in from the real broker; trust, rules, sanctions, reinstatement and events out. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ScoringAndSanctionsTest {

    private static final String ADMIN = TestTokens.admin("admin-1");

    private static int trustHistorySize(String workerId) {
        return (int) TestDatabase.count("select count(*) from trust_record where worker_id = ?", workerId);
    }

    @Test
    void scoresBecomeTrustWithHistoryAndRedeliveryChangesNothing() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("sentiment"));
        UUID job = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String json = Fixtures.scoredJson(eventId, job, me, 40, 40, 150, 160, 8000);
        Fixtures.sendScored(job, json);

        await().atMost(WAIT).until(() -> trustHistorySize(me) == 1);
        // gold (40+7)/(40+10)=0.94, agreement (150+7)/(160+10)=0.9235, volume 200/300: 100*(0.564+0.277+0.0667)=91
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me/trust")
                .then().statusCode(200).body("trust", equalTo(91)).body("history.size()", equalTo(1))
                .body("history[0].trust", equalTo(91)).body("history[0].volume", equalTo(200))
                .body("history[0].jobId", equalTo(job.toString())).body("formula", containsString("gold"));

        List<JsonPath> events = Fixtures.workerEvents(me, 2);
        assertThat(events.get(1).getString("type")).isEqualTo("WorkerProfileChanged");
        assertThat(events.get(1).getInt("trust")).isEqualTo(91);
        assertThat(events.get(1).getString("status")).isEqualTo("ACTIVE");

        // the same event again (at-least-once delivery), then a newer snapshot of the same job
        Fixtures.sendScored(job, json);
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 41, 41, 151, 161, 8000));
        await().atMost(WAIT).until(() -> trustHistorySize(me) == 2);
        assertThat(TestDatabase.count("select count(*) from job_score where worker_id = ?", me)).isEqualTo(1);
        assertThat(TestDatabase.count("select items from daily_volume where worker_id = ?", me)).isEqualTo(202);
        // another annotator cannot see this history: theirs is their own
        given().auth().oauth2(TestTokens.annotator(Fixtures.newSubject("ann"))).when().get("/me/trust")
                .then().statusCode(404);
    }

    @Test
    void scoreForAnUnknownAnnotatorRegistersThem() {
        String me = Fixtures.newSubject("ann");
        UUID job = UUID.randomUUID();
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 1, 1, 1, 1, 8000));
        List<JsonPath> events = Fixtures.workerEvents(me, 2);
        assertThat(events).extracting(e -> e.getString("type")).containsExactly("WorkerRegistered", "WorkerProfileChanged");
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().statusCode(200).body("profile.displayName", equalTo(me));
    }

    @Test
    void lowGoldAccuracyOnAJobSuspendsFromThatJobAndTheAnnotatorCanAppeal() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("sentiment"));
        UUID job = UUID.randomUUID();
        // default job rule: below 60% after at least 20 gold answers
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 5, 20, 30, 40, 9000));

        JsonPath changed = Fixtures.workerEvents(me, 2).get(1);
        assertThat(changed.getString("status")).isEqualTo("ACTIVE");
        assertThat(changed.getList("suspendedJobIds")).containsExactly(job.toString());
        assertThat(changed.getString("reason")).contains("25.0%", "60.0%");

        String token = TestTokens.annotator(me);
        String sanctionId = given().auth().oauth2(token).when().get("/me")
                .then().statusCode(200)
                .body("standing.status", equalTo("ACTIVE"))
                .body("standing.activeSanctions[0].rule", equalTo("job-gold-accuracy"))
                .body("standing.activeSanctions[0].scope", equalTo("JOB"))
                .body("standing.activeSanctions[0].jobId", equalTo(job.toString()))
                .body("standing.activeSanctions[0].evidence.goldTotal", equalTo(20))
                .body("standing.howToAppeal", containsString("appeal"))
                .extract().path("standing.activeSanctions[0].id");

        // a second low score does not stack another sanction of the same rule on the same job
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 5, 21, 30, 41, 9000));
        await().atMost(WAIT).until(() -> trustHistorySize(me) == 2);
        assertThat(TestDatabase.count("select count(*) from sanction where worker_id = ?", me)).isEqualTo(1);

        // appeal; another annotator cannot appeal it; admin accepts; suspension lifted and announced
        given().auth().oauth2(TestTokens.annotator(Fixtures.newSubject("ann"))).contentType(ContentType.JSON)
                .body(Map.of("sanctionId", sanctionId, "message", "not mine"))
                .when().post("/me/appeals").then().statusCode(404);
        String appealId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sanctionId", sanctionId, "message", "The gold items were ambiguous"))
                .when().post("/me/appeals")
                .then().statusCode(201).body("status", equalTo("OPEN")).extract().path("id");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sanctionId", sanctionId, "message", "again"))
                .when().post("/me/appeals").then().statusCode(409);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("accept", true, "resolution", "self-service"))
                .when().post("/admin/appeals/" + appealId + "/decision").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().get("/admin/appeals")
                .then().statusCode(200).body("id", hasItem(appealId));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("accept", true, "resolution", "Gold item 17 was wrong"))
                .when().post("/admin/appeals/" + appealId + "/decision")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));

        List<JsonPath> events = Fixtures.workerEvents(me, 4);
        JsonPath last = events.getLast();
        assertThat(last.getList("suspendedJobIds")).isEmpty();
        assertThat(last.getString("reason")).contains("Appeal accepted");
        given().auth().oauth2(token).when().get("/me/appeals")
                .then().statusCode(200).body("[0].status", equalTo("ACCEPTED"));
    }

    @Test
    void aJobsOwnRulesApplyToThatJob() {
        UUID job = UUID.randomUUID();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("jobGoldAccuracy", Map.of("minAccuracy", 0.95, "minGoldAnswers", 5)))
                .when().put("/admin/quality-rules/jobs/" + job)
                .then().statusCode(200).body("source", equalTo("job"));
        given().auth().oauth2(ADMIN).when().get("/admin/quality-rules/jobs/" + job)
                .then().statusCode(200).body("rules.jobGoldAccuracy.minAccuracy", equalTo(0.95f));
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        // 9/10 = 90%: fine by the platform's 60%, below this job's 95%
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 9, 10, 10, 10, 9000));
        assertThat(Fixtures.workerEvents(me, 2).get(1).getList("suspendedJobIds")).containsExactly(job.toString());

        given().auth().oauth2(ADMIN).when().delete("/admin/quality-rules/jobs/" + job).then().statusCode(204);
        given().auth().oauth2(ADMIN).when().get("/admin/quality-rules/jobs/" + job)
                .then().statusCode(200).body("source", org.hamcrest.Matchers.not(equalTo("job")));
    }

    @Test
    void ruleValuesOutOfRangeAre400AndRulesAreAdminOnly() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("jobGoldAccuracy", Map.of("minAccuracy", 1.5, "minGoldAnswers", 0)))
                .when().put("/admin/quality-rules/jobs/" + UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("minAccuracy")))
                .body("errors.field", hasItem(containsString("minGoldAnswers")));
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/admin/quality-rules").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().get("/admin/quality-rules")
                .then().statusCode(200).body("rules.jobGoldAccuracy.minGoldAnswers", equalTo(20));
    }

    @Test
    void platformBanDisablesSignInAndReinstatementEnablesIt() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("sentiment"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("action", "BAN", "scope", "JOB", "jobId", UUID.randomUUID(), "reason", "x"))
                .when().post("/workers/" + me + "/sanctions")
                .then().statusCode(400).body("errors[0].field", equalTo("scope"));
        given().auth().oauth2(TestTokens.annotator(me)).contentType(ContentType.JSON)
                .body(Map.of("action", "BAN", "scope", "PLATFORM", "reason", "x"))
                .when().post("/workers/" + me + "/sanctions").then().statusCode(403);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("action", "BAN", "scope", "PLATFORM", "reason", "Copied answers from a bot"))
                .when().post("/workers/" + me + "/sanctions")
                .then().statusCode(201).body("rule", equalTo("MANUAL")).body("active", equalTo(true));
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().statusCode(200).body("standing.status", equalTo("BANNED"))
                .body("standing.reason", equalTo("Copied answers from a bot"));
        // the sign-in change is queued in the same transaction and carried out after commit
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from identity_action where worker_id = ? and not enable and done_at is not null", me) == 1);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "Cleared by review"))
                .when().post("/workers/" + me + "/reinstate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from identity_action where worker_id = ? and enable and done_at is not null", me) == 1);

        List<JsonPath> events = Fixtures.workerEvents(me, 3);
        assertThat(events.get(1).getString("status")).isEqualTo("BANNED");
        assertThat(events.get(1).getString("reason")).isEqualTo("Copied answers from a bot");
        assertThat(events.get(2).getString("status")).isEqualTo("ACTIVE");
        assertThat(events.get(2).getString("reason")).contains("Cleared by review");
        given().auth().oauth2(ADMIN).when().get("/workers/" + me)
                .then().statusCode(200).body("sanctions[0].active", equalTo(false))
                .body("sanctions[0].liftReason", equalTo("Cleared by review"));
    }

    @Test
    void expiredSuspensionIsLiftedByTheSweepAndAnnounced() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        String sanctionId = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("action", "SUSPEND", "scope", "PLATFORM", "reason", "Cooling off",
                        "expiresAt", java.time.OffsetDateTime.now().plusHours(1).toString()))
                .when().post("/workers/" + me + "/sanctions")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().body("standing.status", equalTo("SUSPENDED"));
        // time passes
        TestDatabase.update("update sanction set expires_at = now() - interval '1 second' where id = ?",
                UUID.fromString(sanctionId));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().body("standing.status", equalTo("ACTIVE")));
        List<JsonPath> events = Fixtures.workerEvents(me, 3);
        assertThat(events.get(1).getString("status")).isEqualTo("SUSPENDED");
        assertThat(events.get(2).getString("status")).isEqualTo("ACTIVE");
        // platform-wide suspensions never queue a Keycloak change (only bans do)
        assertThat(TestDatabase.count("select count(*) from identity_action where worker_id = ?", me)).isZero();
    }

    @Test
    void workforceViewCountsAndPointsAtAnnotatorsToLookAt() {
        String flagged = Fixtures.newSubject("fast");
        Fixtures.register(flagged, List.of());
        UUID job = UUID.randomUUID();
        // median 300 ms per item over 30 items: too fast (default minimum 1500 ms after 10 items)
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, flagged, 10, 10, 20, 20, 300));
        await().atMost(WAIT).until(() -> TestDatabase.count(
                "select count(*) from sanction where worker_id = ? and rule = 'too-fast'", flagged) == 1);

        given().auth().oauth2(ADMIN).queryParam("limit", 200).when().get("/admin/workforce")
                .then().statusCode(200)
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("byStatus.ACTIVE", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("trustHistogram.size()", equalTo(10))
                .body("rulesFiredMost.rule", hasItem("too-fast"))
                .body("lookAtFirst.workerId", hasItem(flagged))
                .body("lookAtFirst.find { it.workerId == '" + flagged + "' }.activeFlags", equalTo(1))
                .body("lookAtFirst.find { it.workerId == '" + flagged + "' }.latestReason", containsString("300 ms"));
        // a flag is not a suspension: the annotator keeps working
        given().auth().oauth2(TestTokens.annotator(flagged)).when().get("/me")
                .then().body("standing.status", equalTo("ACTIVE"))
                .body("standing.activeSanctions.action", contains("FLAG"))
                .body("standing.howToAppeal", notNullValue());
    }

    @Test
    void lowAccuracyOverAllJobsSuspendsFromThePlatform() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        UUID job = UUID.randomUUID();
        // 10 of 60 gold: below the job rule (60% after 20) and the platform rule (50% after 50)
        Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 10, 60, 10, 60, 9000));

        JsonPath changed = Fixtures.workerEvents(me, 2).get(1);
        assertThat(changed.getString("status")).isEqualTo("SUSPENDED");
        assertThat(changed.getList("suspendedJobIds")).containsExactly(job.toString());
        assertThat(changed.getString("reason")).contains("over all jobs");
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().body("standing.status", equalTo("SUSPENDED"))
                .body("standing.activeSanctions.rule", org.hamcrest.Matchers.containsInAnyOrder(
                        "job-gold-accuracy", "platform-gold-accuracy"))
                .body("standing.activeSanctions.find { it.scope == 'PLATFORM' }.expiresAt", notNullValue());
        given().auth().oauth2(ADMIN).queryParam("status", "SUSPENDED").queryParam("size", 200)
                .when().get("/workers").then().statusCode(200).body("items.id", hasItem(me));
    }

    @Test
    void concurrentScoresFromSeveralJobsAllCountInTrust() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        int jobs = 6;
        for (int i = 0; i < jobs; i++) {
            UUID job = UUID.randomUUID();
            Fixtures.sendScored(job, Fixtures.scoredJson(UUID.randomUUID(), job, me, 9, 10, 18, 20, 9000));
        }
        // totals 54/60 gold, 108/120 agreed, 180 items: whichever order they were applied in, and whether
        // they came in one poll (one trust point) or several (a point each)
        int expected = new dev.crowd.worker.service.TrustFormula(0.7, 10, 0.6, 0.3, 0.1, 100)
                .apply(new dev.crowd.worker.service.TrustFormula.Inputs(54, 60, 108, 120)).trust();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.annotator(me)).when()
                .get("/me/trust")
                .then().statusCode(200).body("trust", equalTo(expected)).body("history[0].volume", equalTo(180)));
        assertThat(trustHistorySize(me)).isBetween(1, jobs);
    }

    @Test
    void adminLiftsOneSanctionOfTheRightAnnotatorOnly() {
        String me = Fixtures.newSubject("ann");
        String other = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of());
        Fixtures.register(other, List.of());
        UUID job = UUID.randomUUID();
        String sanctionId = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("action", "SUSPEND", "scope", "JOB", "jobId", job, "reason", "Spam labels"))
                .when().post("/workers/" + me + "/sanctions")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("action", "SUSPEND", "scope", "JOB", "reason", "no job"))
                .when().post("/workers/" + me + "/sanctions")
                .then().statusCode(400).body("errors[0].field", equalTo("jobId"));

        // through another annotator's path: not found, and nothing is lifted
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "wrong person"))
                .when().post("/workers/" + other + "/sanctions/" + sanctionId + "/lift")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me/sanctions")
                .then().statusCode(200).body("[0].active", equalTo(true)).body("[0].jobId", equalTo(job.toString()));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "Labels were fine"))
                .when().post("/workers/" + me + "/sanctions/" + sanctionId + "/lift")
                .then().statusCode(200).body("active", equalTo(false)).body("liftReason", equalTo("Labels were fine"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .when().post("/workers/" + me + "/sanctions/" + sanctionId + "/lift")
                .then().statusCode(409);
        List<JsonPath> events = Fixtures.workerEvents(me, 3);
        assertThat(events.get(1).getList("suspendedJobIds")).containsExactly(job.toString());
        assertThat(events.get(2).getList("suspendedJobIds")).isEmpty();
        given().auth().oauth2(TestTokens.annotator(other)).when().get("/me/sanctions")
                .then().statusCode(200).body("size()", equalTo(0));
    }
}

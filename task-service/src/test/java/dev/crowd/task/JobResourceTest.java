package dev.crowd.task;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.Topics;
import dev.crowd.contracts.payments.JobFundingRejected;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class JobResourceTest {

    @Inject
    EventJson json;

    @Test
    void createdJobIsADraftTheRequesterCanListAndRead() {
        String id = Fixtures.createJob("req-1", Fixtures.jobBody("Pets", 5, 1, 2, 3, 300));
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/jobs/" + id)
                .then().statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("labels.key", equalTo(List.of("cat", "dog")))
                .body("overlap.max", equalTo(3))
                .body("reward.amount", equalTo(100))
                .body("progress.itemsTotal", equalTo(0));
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/jobs")
                .then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void createAnswersLocation() {
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON)
                .body(Fixtures.jobBody("Located", 5, 0, 1, 1, 300))
                .when().post("/jobs")
                .then().statusCode(201).header("Location", containsString("/jobs/"));
    }

    @Test
    void invalidSettingsNameEachField() {
        Map<String, Object> body = new HashMap<>(Fixtures.jobBody("", 0, 1, 3, 2, 300));
        body.put("reward", Map.of("amount", 100, "currency", "USD"));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body(body)
                .when().post("/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("title", "microJobSize"));
        // Cross-field rules come after the per-field ones.
        Map<String, Object> crossField = new HashMap<>(Fixtures.jobBody("T", 5, 1, 3, 2, 300));
        crossField.put("reward", Map.of("amount", 100, "currency", "USD"));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body(crossField)
                .when().post("/jobs")
                .then().statusCode(400).body("errors.field", hasItems("overlap.min", "reward.currency"));
    }

    @Test
    void wrongTypesAndMalformedJsonAre400() {
        Map<String, Object> body = new HashMap<>(Fixtures.jobBody("T", 5, 1, 1, 2, 300));
        body.put("microJobSize", "many");
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body(body)
                .when().post("/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("microJobSize"));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body("{\"title\": ")
                .when().post("/jobs")
                .then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> badType = new HashMap<>(Fixtures.jobBody("T", 5, 1, 1, 2, 300));
        badType.put("taskType", "HOROSCOPE");
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body(badType)
                .when().post("/jobs")
                .then().statusCode(400);
    }

    @Test
    void unsupportedTaskTypeAndDuplicateLabelsAre400() {
        Map<String, Object> body = new HashMap<>(Fixtures.jobBody("T", 5, 1, 1, 2, 300));
        body.put("taskType", "BOUNDING_BOXES");
        body.put("labels", List.of(Map.of("key", "a", "displayName", "A"), Map.of("key", "a", "displayName", "B")));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON).body(body)
                .when().post("/jobs")
                .then().statusCode(400).body("errors.field", hasItems("taskType", "labels[1].key"));
    }

    @Test
    void anotherRequestersJobIsNotFound() {
        String id = Fixtures.createJob("req-owner", Fixtures.jobBody("Mine", 5, 0, 1, 1, 300));
        given().auth().oauth2(TestTokens.requester("req-other")).when().get("/jobs/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.requester("req-other")).contentType(ContentType.JSON)
                .body(Fixtures.jobBody("Stolen", 5, 0, 1, 1, 300))
                .when().put("/jobs/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.requester("req-other")).when().post("/jobs/" + id + "/submit")
                .then().statusCode(404);
        Fixtures.upload("req-other", id, "application/x-ndjson", Fixtures.regularItems(1)).then().statusCode(404);
        given().auth().oauth2(TestTokens.requester("req-other")).when().get("/jobs/" + id + "/results")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.requester("req-other")).when().get("/jobs")
                .then().body("id", org.hamcrest.Matchers.not(hasItem(id)));
    }

    @Test
    void editOnlyWhileDraft() {
        String id = Fixtures.createJob("req-1", Fixtures.jobBody("Before", 5, 0, 1, 1, 300));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON)
                .body(Fixtures.jobBody("After", 4, 0, 1, 2, 300))
                .when().put("/jobs/" + id)
                .then().statusCode(200).body("title", equalTo("After")).body("microJobSize", equalTo(4));
        Fixtures.upload("req-1", id, "application/x-ndjson", Fixtures.regularItems(3)).then().statusCode(200);
        given().auth().oauth2(TestTokens.requester("req-1")).when().post("/jobs/" + id + "/submit")
                .then().statusCode(200).body("status", equalTo("FUNDING"));
        given().auth().oauth2(TestTokens.requester("req-1")).contentType(ContentType.JSON)
                .body(Fixtures.jobBody("Too late", 4, 0, 1, 2, 300))
                .when().put("/jobs/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.requester("req-1")).when().post("/jobs/" + id + "/submit")
                .then().statusCode(409);
        Fixtures.upload("req-1", id, "application/x-ndjson", Fixtures.regularItems(1)).then().statusCode(409);
    }

    @Test
    void submitNeedsItemsAndGoldWhenGoldIsMixedIn() {
        String id = Fixtures.createJob("req-1", Fixtures.jobBody("Empty", 5, 1, 1, 1, 300));
        given().auth().oauth2(TestTokens.requester("req-1")).when().post("/jobs/" + id + "/submit")
                .then().statusCode(400).body("errors[0].field", equalTo("items"));
        Fixtures.upload("req-1", id, "application/x-ndjson", Fixtures.regularItems(2)).then().statusCode(200);
        given().auth().oauth2(TestTokens.requester("req-1")).when().post("/jobs/" + id + "/submit")
                .then().statusCode(400).body("errors[0].field", equalTo("goldPerMicroJob"));
    }

    @Test
    void fundingRejectedShowsTheShortfall() {
        String requester = "req-poor";
        String id = Fixtures.createJob(requester, Fixtures.jobBody("Too dear", 5, 0, 1, 1, 300));
        Fixtures.upload(requester, id, "application/x-ndjson", Fixtures.regularItems(2)).then().statusCode(200);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + id + "/submit")
                .then().statusCode(200).body("budget.amount", equalTo(240));
        Fixtures.send(json, new JobFundingRejected(UUID.randomUUID(), Instant.now(), UUID.fromString(id), requester,
                new Money(240, "EUR"), new Money(40, "EUR"), new Money(200, "EUR")));
        Fixtures.awaitStatus(requester, id, "REJECTED");
        given().auth().oauth2(TestTokens.requester(requester)).when().get("/jobs/" + id)
                .then().body("shortfall.amount", equalTo(200))
                .body("statusReason", containsString("0.0200 EUR"));
    }

    @Test
    void pauseResumeCancelFollowTheStateMachineAndAnnounceOnlyWhatIsConsumed() {
        String requester = "req-life";
        String id = Fixtures.activeJob(json, requester, Fixtures.jobBody("Life", 5, 0, 1, 1, 300), 3, 0);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + id + "/resume")
                .then().statusCode(409);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + id + "/pause")
                .then().statusCode(200).body("status", equalTo("PAUSED"));
        // A paused job hands out nothing.
        Fixtures.claim("ann-life", id).then().statusCode(204);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + id + "/resume")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(TestTokens.requester(requester)).queryParam("reason", "no longer needed")
                .when().post("/jobs/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("statusReason", equalTo("no longer needed"));
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + id + "/pause")
                .then().statusCode(409);
        // Activation, pause and resume concern task-service alone: nobody consumes them, so they are not written.
        var events = KafkaRecords.readKey(Topics.JOBS, id, 3, Duration.ofSeconds(8)).stream()
                .map(r -> KafkaRecords.header(r, "ce_type")).toList();
        assertEquals(List.of("crowd.jobs.JobSubmitted.v1", "crowd.jobs.JobCancelled.v1"), events);
        Fixtures.claim("ann-life", id).then().statusCode(404);
    }

    @Test
    void noTokenIs401Problem() {
        given().when().get("/jobs")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().when().post("/work/next").then().statusCode(401);
    }

    @Test
    void wrongRoleIs403Problem() {
        given().auth().oauth2(TestTokens.annotator("ann-1"))
                .when().get("/jobs")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.requester("req-1"))
                .when().post("/work/next")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readyWithDatabaseKafkaAndRedis() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}

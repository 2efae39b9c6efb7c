package dev.crowd.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.contracts.Topics;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs → funding → claim → submit → results → completion, over HTTP and the real broker. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class MainFlowTest {

    @Inject
    EventJson json;
    @Inject
    ObjectMapper mapper;

    @Test
    void jobRunsFromDraftToCompletedWithResults() throws Exception {
        String requester = "req-flow";
        String jobId = Fixtures.createJob(requester, Fixtures.jobBody("Animals", 2, 1, 1, 3, 600));
        Fixtures.upload(requester, jobId, "application/x-ndjson", Fixtures.regularItems(4) + Fixtures.goldItems(2))
                .then().statusCode(200).body("imported", equalTo(6)).body("gold", equalTo(2));

        // Submit prices every judgment slot: 4 items x 3 + gold cap ceil(4/2) x 3 x 1 = 18 judgments x (100 + 20).
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + jobId + "/submit")
                .then().statusCode(200)
                .body("status", equalTo("FUNDING"))
                .body("feePerJudgment.amount", equalTo(20))
                .body("maxJudgments", equalTo(18))
                .body("budget.amount", equalTo(18 * 120));
        ConsumerRecord<String, String> submitted = KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"JobSubmitted\""), 1, Duration.ofSeconds(15)).getFirst();
        JsonNode event = mapper.readTree(submitted.value());
        assertEquals(2160, event.at("/budget/amount").asLong());
        assertEquals(4, event.get("itemCount").asLong());
        assertEquals(2, event.get("goldCount").asLong());
        assertEquals("crowd.jobs.JobSubmitted.v1", KafkaRecords.header(submitted, "ce_type"));
        List<ConsumerRecord<String, String>> gold = KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"GoldRegistered\""), 1, Duration.ofSeconds(10));
        assertEquals(2, mapper.readTree(gold.getFirst().value()).get("items").size());

        Fixtures.send(json, new dev.crowd.contracts.payments.JobFunded(UUID.randomUUID(), Instant.now(),
                UUID.fromString(jobId), requester, new dev.crowd.contracts.Money(2160, "EUR")));
        Fixtures.awaitStatus(requester, jobId, "ACTIVE");
        // Activation is task-service's own business: no event nobody consumes.
        assertEquals(0, KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"JobActivated\""), 1, Duration.ofSeconds(2)).size());

        // Annotator takes a micro-job: 2 regular items + 1 gold item, unmarked.
        Response assignment = Fixtures.claim("ann-flow", jobId);
        assignment.then().statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("instructions", containsString("animal"))
                .body("labels.key", equalTo(List.of("cat", "dog")))
                .body("items", hasSize(3))
                .body("leaseEndsAt", not(equalTo(null)));
        assertFalse(assignment.asString().contains("gold_label"), "gold labels never reach annotators");
        String assignmentId = assignment.path("id");

        Fixtures.submit("ann-flow", assignmentId, Fixtures.answersFor(assignment, "cat"))
                .then().statusCode(200).body("status", equalTo("SUBMITTED")).body("answers", equalTo(3));
        ConsumerRecord<String, String> answered = KafkaRecords.read(Topics.WORK,
                r -> r.value().contains(assignmentId) && r.value().contains("AssignmentSubmitted"), 1,
                Duration.ofSeconds(15)).getFirst();
        JsonNode answers = mapper.readTree(answered.value()).get("answers");
        assertEquals(3, answers.size());
        assertEquals(1200, answers.get(0).get("timeSpentMillis").asLong());

        // qa-service resolves every regular item: results fill in, the job completes.
        List<String> regular = dev.crowd.testing.TestDatabase.column(
                        "select id::text from item where job_id = ?::uuid and gold_label is null order by seq", jobId)
                .stream().map(Object::toString).toList();
        for (String item : regular) {
            Fixtures.send(json, new ItemResolved(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                    UUID.fromString(item), "dog", 0.95, 0.75, 3, "dawid-skene", "1", false));
        }
        Fixtures.awaitStatus(requester, jobId, "COMPLETED");
        given().auth().oauth2(TestTokens.requester(requester)).when().get("/jobs/" + jobId)
                .then().body("progress.itemsResolved", equalTo(4)).body("progress.judgments", equalTo(3))
                .body("progress.spent.amount", equalTo(360));
        assertEquals(1, KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"JobCompleted\""), 1, Duration.ofSeconds(10)).size());

        String jsonl = given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/" + jobId + "/results?format=jsonl")
                .then().statusCode(200).contentType(containsString("ndjson")).extract().asString();
        List<String> lines = jsonl.lines().toList();
        assertEquals(4, lines.size(), "regular items only, gold stays private");
        JsonNode first = mapper.readTree(lines.getFirst());
        assertEquals("dog", first.get("label").asText());
        assertEquals(0.95, first.get("confidence").asDouble());
        assertEquals(3, first.get("judgments").asInt());
        assertEquals(0.75, first.get("agreement").asDouble());
        assertEquals("item 0", first.at("/data/text").asText());
        assertEquals("r0", first.get("externalId").asText());

        String csv = given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/" + jobId + "/results?format=csv")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.startsWith("item_id,external_id,label,confidence,agreement,judgments"));
        assertEquals(5, csv.lines().count());
        assertTrue(csv.contains(",r0,dog,0.95,0.75,3,false,dawid-skene,"));

        given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/" + jobId + "/results?format=labelstudio")
                .then().statusCode(200).body("size()", equalTo(4))
                .body("[0].predictions[0].result[0].value.choices[0]", equalTo("dog"))
                .body("[0].data.text", equalTo("item 0"));

        // A completed job hands out nothing more.
        Fixtures.claim("ann-other", jobId).then().statusCode(404);
        Set<String> seen = new HashSet<>(assignment.path("items.id"));
        assertEquals(3, seen.size());
    }

    @Test
    void redeliveredAndRepeatedResolutionsCountOnce() {
        String requester = "req-redeliver";
        String jobId = Fixtures.activeJob(json, requester, Fixtures.jobBody("Twice", 2, 0, 1, 1, 600), 2, 0);
        List<String> items = dev.crowd.testing.TestDatabase.column(
                        "select id::text from item where job_id = ?::uuid order by seq", jobId)
                .stream().map(Object::toString).toList();
        ItemResolved first = new ItemResolved(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                UUID.fromString(items.get(0)), "cat", 0.9, 1.0, 1, "majority", "1", false);
        Fixtures.send(json, first);
        Fixtures.send(json, first); // redelivery: same event id
        Fixtures.send(json, new ItemResolved(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                UUID.fromString(items.get(0)), "dog", 0.8, 1.0, 1, "majority", "2", true)); // re-resolution
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "dog".equals(
                dev.crowd.testing.TestDatabase.column("select resolved_label from item where id = ?::uuid",
                        items.get(0)).getFirst()));
        given().auth().oauth2(TestTokens.requester(requester)).when().get("/jobs/" + jobId)
                .then().body("status", equalTo("ACTIVE")).body("progress.itemsResolved", equalTo(1));
        Fixtures.send(json, new ItemResolved(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                UUID.fromString(items.get(1)), "cat", 0.9, 1.0, 1, "majority", "1", false));
        Fixtures.awaitStatus(requester, jobId, "COMPLETED");
        assertEquals(1, KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"JobCompleted\""), 2, Duration.ofSeconds(3)).size());
    }

    /**
     * A poll's ItemResolved events share one transaction and one session. The job row is counted and
     * completed on the row itself: a Job entity an earlier event in the batch loaded would be stale.
     */
    @Test
    void aBurstOfResolutionsAppliedTogetherCompletesTheJobOnce() {
        String requester = "req-burst";
        int items = 40;
        String jobId = Fixtures.activeJob(json, requester, Fixtures.jobBody("Burst", 1, 0, 1, 2, 600), items, 0);
        List<String> ids = dev.crowd.testing.TestDatabase.column(
                        "select id::text from item where job_id = ?::uuid order by seq", jobId)
                .stream().map(Object::toString).toList();
        UUID job = UUID.fromString(jobId);
        List<java.util.Map.Entry<String, String>> burst = new java.util.ArrayList<>();
        // First an event that loads the job into the batch's session, then every item's resolution.
        burst.add(java.util.Map.entry(jobId, json.write(new dev.crowd.contracts.quality.JudgmentsRequested(
                UUID.randomUUID(), Instant.now(), job, List.of(UUID.fromString(ids.getFirst()))))));
        for (String item : ids) {
            burst.add(java.util.Map.entry(jobId, json.write(new ItemResolved(UUID.randomUUID(), Instant.now(), job,
                    UUID.fromString(item), "cat", 0.9, 1.0, 1, "dawid-skene", "1", false))));
        }
        KafkaRecords.sendAll(Topics.QUALITY, burst);

        Fixtures.awaitStatus(requester, jobId, "COMPLETED");
        given().auth().oauth2(TestTokens.requester(requester)).when().get("/jobs/" + jobId)
                .then().body("progress.itemsResolved", equalTo(items));
        assertEquals(items, ((Number) dev.crowd.testing.TestDatabase.column(
                "select count(*) from item where job_id = ?::uuid and resolved_label = 'cat'", jobId).getFirst()).intValue());
        assertEquals(1, KafkaRecords.read(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"JobCompleted\""), 2, Duration.ofSeconds(3)).size());
    }
}

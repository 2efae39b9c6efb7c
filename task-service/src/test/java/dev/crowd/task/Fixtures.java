package dev.crowd.task;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Money;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Builds jobs through the public API, and sends other services' events to the real broker. */
final class Fixtures {

    static Map<String, Object> jobBody(String title, int microJobSize, int goldPerMicroJob, int min, int max,
                                       int leaseSeconds) {
        return Map.of(
                "title", title,
                "instructions", "Pick the animal in the picture.",
                "taskType", "SINGLE_LABEL",
                "labels", List.of(Map.of("key", "cat", "displayName", "Cat", "hotkey", "c"),
                        Map.of("key", "dog", "displayName", "Dog", "hotkey", "d")),
                "overlap", Map.of("min", min, "max", max, "targetConfidence", 0.9),
                "reward", Map.of("amount", 100, "currency", "EUR"),
                "microJobSize", microJobSize,
                "leaseSeconds", leaseSeconds,
                "goldPerMicroJob", goldPerMicroJob);
    }

    static String createJob(String requester, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.requester(requester)).contentType(ContentType.JSON).body(body)
                .when().post("/jobs")
                .then().statusCode(201).extract().path("id");
    }

    /** JSONL of {@code n} regular items (text "item i"). */
    static String regularItems(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"id\":\"r").append(i).append("\",\"text\":\"item ").append(i).append("\"}\n");
        }
        return sb.toString();
    }

    /** JSONL of {@code n} gold items whose answer is cat. */
    static String goldItems(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"id\":\"g").append(i).append("\",\"text\":\"gold ").append(i).append("\",\"gold_label\":\"cat\"}\n");
        }
        return sb.toString();
    }

    static Response upload(String requester, String jobId, String contentType, String body) {
        return given().auth().oauth2(TestTokens.requester(requester)).contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/jobs/" + jobId + "/items");
    }

    /** A job with items (and gold), submitted and funded: ACTIVE. */
    static String activeJob(EventJson json, String requester, Map<String, Object> body, int items, int gold) {
        String jobId = createJob(requester, body);
        upload(requester, jobId, "application/x-ndjson", regularItems(items) + goldItems(gold)).then().statusCode(200);
        long budget = ((Number) given().auth().oauth2(TestTokens.requester(requester))
                .when().post("/jobs/" + jobId + "/submit")
                .then().statusCode(200).extract().path("budget.amount")).longValue();
        send(json, new JobFunded(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId), requester,
                new Money(budget, "EUR")));
        awaitStatus(requester, jobId, "ACTIVE");
        return jobId;
    }

    static void awaitStatus(String requester, String jobId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(given()
                .auth().oauth2(TestTokens.requester(requester)).when().get("/jobs/" + jobId)
                .then().extract().path("status")));
    }

    static void send(EventJson json, CrowdEvent event) {
        KafkaRecords.send(event.topic(), event.key(), json.write(event));
    }

    static Response claim(String worker, String jobId) {
        var request = given().auth().oauth2(TestTokens.annotator(worker));
        if (jobId != null) {
            request = request.queryParam("jobId", jobId);
        }
        return request.when().post("/work/next");
    }

    /** Answers every item of an assignment with {@code label}. */
    static Map<String, Object> answersFor(Response assignment, String label) {
        List<String> ids = assignment.path("items.id");
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String id : ids) {
            answers.add(Map.of("itemId", id, "label", label, "timeSpentMillis", 1200));
        }
        return Map.of("answers", answers);
    }

    static Response submit(String worker, String assignmentId, Object body) {
        return given().auth().oauth2(TestTokens.annotator(worker)).contentType(ContentType.JSON).body(body)
                .when().post("/assignments/" + assignmentId + "/answers");
    }

    private Fixtures() {
    }
}

package dev.crowd.worker;

import dev.crowd.contracts.Topics;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: annotators with profiles, scores sent to the broker, events read back. */
public final class Fixtures {

    public static final Duration WAIT = Duration.ofSeconds(30);

    public static String newSubject(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static Map<String, Object> profile(String name, List<String> skills) {
        return Map.of("displayName", name, "languages", List.of("en", "de"), "skills", skills,
                "country", "DE", "timezone", "Europe/Berlin");
    }

    /** Creates the annotator's profile through the API. */
    public static void register(String subject, List<String> skills) {
        given().auth().oauth2(TestTokens.annotator(subject)).contentType(ContentType.JSON)
                .body(profile("Ann " + subject.substring(0, 8), skills))
                .when().put("/me")
                .then().statusCode(201);
    }

    /** A WorkerScored as qa-service would publish it, as JSON with its type. */
    public static String scoredJson(UUID eventId, UUID jobId, String workerId, long goldCorrect, long goldTotal,
                                    long agreed, long reviewed, long medianMillis) {
        WorkerScored e = new WorkerScored(eventId, Instant.now(), jobId, workerId, goldCorrect, goldTotal, agreed,
                reviewed, goldTotal == 0 ? 0.5 : (double) goldCorrect / goldTotal, List.of(), List.of(), medianMillis);
        return """
                {"type":"WorkerScored","version":1,"eventId":"%s","occurredAt":"%s","jobId":"%s","workerId":"%s",\
                "goldCorrect":%d,"goldTotal":%d,"agreed":%d,"reviewed":%d,"accuracy":%s,"labels":[],"confusion":[],\
                "medianMillisPerItem":%d}""".formatted(e.eventId(), e.occurredAt(), e.jobId(), e.workerId(),
                e.goldCorrect(), e.goldTotal(), e.agreed(), e.reviewed(), e.accuracy(), e.medianMillisPerItem());
    }

    public static void sendScored(UUID jobId, String json) {
        KafkaRecords.send(Topics.QUALITY, jobId.toString(), json);
    }

    /** The first {@code n} events published for this worker, parsed, in order. */
    public static List<JsonPath> workerEvents(String workerId, int n) {
        List<ConsumerRecord<String, String>> records = KafkaRecords.readKey(Topics.WORKERS, workerId, n, WAIT);
        return records.stream().map(r -> JsonPath.from(r.value())).toList();
    }

    private Fixtures() {
    }
}

package dev.crowd.task;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small JSON endpoints take at most 1 MiB, chunked or not; uploads keep their own limit. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class BodyLimitsTest {

    private static final int MIB = 1024 * 1024;

    /** A job body whose instructions make it {@code size} bytes or more. */
    private static byte[] jobOf(int size) {
        String pad = "x".repeat(size);
        return ("{\"title\":\"Big\",\"instructions\":\"" + pad + "\",\"taskType\":\"SINGLE_LABEL\","
                + "\"labels\":[{\"key\":\"cat\",\"displayName\":\"Cat\"}],\"overlap\":{\"min\":1,\"max\":1,"
                + "\"targetConfidence\":0.8},\"reward\":{\"amount\":100,\"currency\":\"EUR\"},\"microJobSize\":1,"
                + "\"leaseSeconds\":60}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonBodyOverOneMebibyteIs413ProblemWhetherDeclaredOrChunked() {
        String token = TestTokens.requester("req-big-body");
        // Declared length.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(jobOf(MIB + 10))
                .when().post("/jobs")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413)).body("detail", containsString("1048576 bytes"));
        // Chunked (no Content-Length): an InputStream body is sent with Transfer-Encoding: chunked.
        InputStream chunked = new ByteArrayInputStream(jobOf(2 * MIB));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(chunked)
                .when().post("/jobs")
                .then().statusCode(413).contentType("application/problem+json");
        // Answers are small bodies too.
        given().auth().oauth2(TestTokens.annotator("ann-big-body")).contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(("{\"answers\":[{\"itemId\":\"" + "y".repeat(2 * MIB) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8)))
                .when().post("/assignments/" + java.util.UUID.randomUUID() + "/answers")
                .then().statusCode(413).contentType("application/problem+json");
        // Below the limit nothing changes.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(jobOf(10))
                .when().post("/jobs").then().statusCode(201);
    }

    @Test
    void uploadsKeepTheirOwnLimitAndAnOversizeLabelStudioTaskIs400NamingIt() {
        String requester = "req-big-upload";
        String jobId = Fixtures.createJob(requester, Fixtures.jobBody("Upload", 2, 0, 1, 1, 600));
        // 1.5 MB of JSONL items: above the small-body limit, below the upload limit.
        StringBuilder jsonl = new StringBuilder();
        String text = "t".repeat(1000);
        for (int i = 0; i < 1500; i++) {
            jsonl.append("{\"id\":\"u").append(i).append("\",\"text\":\"").append(text).append("\"}\n");
        }
        Fixtures.upload(requester, jobId, "application/x-ndjson", jsonl.toString()).then().statusCode(200);

        String other = Fixtures.createJob(requester, Fixtures.jobBody("Label Studio", 2, 0, 1, 1, 600));
        String huge = "h".repeat(MIB + 100);
        String tasks = "[{\"id\":7,\"data\":{\"text\":\"small\"}},\n{\"id\":8,\"data\":{\"text\":\"" + huge + "\"}}]";
        Fixtures.upload(requester, other, "application/json", tasks)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("tasks[1]"))
                .body("errors[0].message", containsString("larger than"));
        assertEquals(0L, TestDatabase.count("select count(*) from item where job_id = ?::uuid", other));
    }
}

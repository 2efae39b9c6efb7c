package dev.crowd.task;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Uploads in every format; bad files are refused whole with a line-by-line report. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ItemImportTest {

    private static final String REQ = "req-import";

    private String draft() {
        return Fixtures.createJob(REQ, Fixtures.jobBody("Import", 5, 1, 1, 2, 300));
    }

    private long stored(String jobId) {
        return TestDatabase.count("select count(*) from item where job_id = ?", UUID.fromString(jobId));
    }

    @Test
    void csvWithQuotesLineBreaksAndAGoldColumn() {
        String jobId = draft();
        String csv = "id,text,image_url,gold_label\r\n"
                + "a1,\"Hello, \"\"world\"\"\",https://img.example/1.png,\r\n"
                + "a2,\"two\nlines\",,cat\r\n"
                + "a3,plain,,\r\n";
        Fixtures.upload(REQ, jobId, "text/csv", csv)
                .then().statusCode(200).body("imported", equalTo(3)).body("gold", equalTo(1))
                .body("itemsTotal", equalTo(2)).body("goldTotal", equalTo(1));
        assertEquals("Hello, \"world\"", TestDatabase.column(
                "select data->>'text' from item where job_id = ? and external_id = 'a1'", UUID.fromString(jobId)).getFirst());
        assertEquals("two\nlines", TestDatabase.column(
                "select data->>'text' from item where job_id = ? and external_id = 'a2'", UUID.fromString(jobId)).getFirst());
        given().auth().oauth2(TestTokens.requester(REQ)).when().get("/jobs/" + jobId)
                .then().body("progress.itemsTotal", equalTo(2)).body("progress.goldItems", equalTo(1));
    }

    @Test
    void labelStudioTasksWithAnnotationsAsGold() {
        String jobId = draft();
        String tasks = """
                [
                  {"id": 11, "data": {"image": "https://img.example/11.jpg"}},
                  {"id": 12, "data": {"image": "https://img.example/12.jpg"},
                   "annotations": [{"result": [{"from_name": "label", "to_name": "image", "type": "choices",
                                                "value": {"choices": ["dog"]}}]}]}
                ]""";
        Fixtures.upload(REQ, jobId, "application/json", tasks)
                .then().statusCode(200).body("imported", equalTo(2)).body("gold", equalTo(1));
        assertEquals("dog", TestDatabase.column("select gold_label from item where job_id = ? and external_id = '12'",
                UUID.fromString(jobId)).getFirst());
    }

    @Test
    void goldUploadRequiresEveryAnswer() {
        String jobId = draft();
        given().auth().oauth2(TestTokens.requester(REQ)).contentType("application/x-ndjson")
                .body("{\"text\":\"a\",\"gold_label\":\"cat\"}\n{\"text\":\"b\"}\n".getBytes())
                .queryParam("gold", true)
                .when().post("/jobs/" + jobId + "/items")
                .then().statusCode(400).body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("gold_label"));
        assertEquals(0, stored(jobId));
    }

    @Test
    void malformedJsonlIsRefusedWholeWithLineFieldAndReason() {
        String jobId = draft();
        String body = "{\"text\":\"fine\"}\n"
                + "{not json}\n"
                + "[1,2]\n"
                + "{\"text\":\"x\",\"gold_label\":\"horse\"}\n"
                + "{}\n"
                + "{\"text\":\"fine too\"}\n";
        Fixtures.upload(REQ, jobId, "application/x-ndjson", body)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errorCount", equalTo(4))
                .body("errors", hasSize(4))
                .body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("line"))
                .body("errors[1].line", equalTo(3))
                .body("errors[2].line", equalTo(4)).body("errors[2].field", equalTo("gold_label"))
                .body("errors[2].message", containsString("horse"))
                .body("errors[3].line", equalTo(5)).body("errors[3].field", equalTo("data"));
        assertEquals(0, stored(jobId), "all or nothing");
    }

    @Test
    void errorReportIsCapped() {
        String jobId = draft();
        Fixtures.upload(REQ, jobId, "application/x-ndjson", "oops\n".repeat(50))
                .then().statusCode(400).body("errorCount", equalTo(50)).body("errors", hasSize(20));
    }

    @Test
    void malformedCsvAndLabelStudioFiles() {
        String jobId = draft();
        Fixtures.upload(REQ, jobId, "text/csv", "text,gold_label\nok,\n\"unterminated,cat\n")
                .then().statusCode(400).body("errors[0].line", equalTo(3));
        Fixtures.upload(REQ, jobId, "text/csv", "text,extra\nonly-one-column\n")
                .then().statusCode(400).body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("row"));
        Fixtures.upload(REQ, jobId, "application/json", "{\"data\": {}}")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
        Fixtures.upload(REQ, jobId, "application/json", "[{\"data\": {\"text\": \"a\"}}, {\"nodata\": 1}]")
                .then().statusCode(400).body("errors[0].field", equalTo("data"));
        Fixtures.upload(REQ, jobId, "application/json", "[{\"data\": {\"text\": ")
                .then().statusCode(400);
        assertEquals(0, stored(jobId));
    }

    @Test
    void emptyUploadAndUnknownFormatAre400() {
        String jobId = draft();
        Fixtures.upload(REQ, jobId, "application/x-ndjson", "\n").then().statusCode(400);
        Fixtures.upload(REQ, jobId, "application/xml", "<items/>")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
    }

    @Test
    void oversizeUploadIs413Problem() {
        String jobId = draft();
        String line = "{\"text\":\"" + "x".repeat(990) + "\"}\n";
        Fixtures.upload(REQ, jobId, "application/x-ndjson", line.repeat(2100))
                .then().statusCode(413).contentType("application/problem+json").body("maxBytes", equalTo(2000000));
        assertEquals(0, stored(jobId));
    }

    @Test
    void tooManyItemsForOneJobIs400() {
        String jobId = draft();
        Fixtures.upload(REQ, jobId, "application/x-ndjson", Fixtures.regularItems(15000)).then().statusCode(200);
        Fixtures.upload(REQ, jobId, "application/x-ndjson", Fixtures.regularItems(6000))
                .then().statusCode(400).body("errors[0].field", equalTo("items"));
        assertEquals(15000, stored(jobId));
    }

    @Test
    void wrongRoleAndNoToken() {
        String jobId = draft();
        given().auth().oauth2(TestTokens.annotator("ann-1")).contentType("text/csv").body("text\na\n".getBytes())
                .when().post("/jobs/" + jobId + "/items").then().statusCode(403);
        given().contentType("text/csv").body("text\na\n".getBytes())
                .when().post("/jobs/" + jobId + "/items").then().statusCode(401);
        given().auth().oauth2(TestTokens.requester(REQ)).when().get("/jobs/" + jobId + "/results?format=xml")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
    }
}

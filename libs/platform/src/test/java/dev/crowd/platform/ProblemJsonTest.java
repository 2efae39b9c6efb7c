package dev.crowd.platform;

import dev.crowd.testing.CrowdInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** Every bad request is answered as RFC 9457 problem+json that names the field at fault. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ProblemJsonTest {

    @Test
    void brokenJsonIs400Problem() {
        given().contentType("application/json").body("{\"name\": ")
                .when().post("/test/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Malformed request body"))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void valueOfTheWrongTypeNamesTheField() {
        given().contentType("application/json").body("{\"name\": \"a\", \"count\": \"lots\"}")
                .when().post("/test/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("count"))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void invalidFieldsAreEachNamed() {
        given().contentType("application/json")
                .body("{\"name\": \"\", \"count\": 0, \"lines\": [{\"sku\": \"a\"}, {\"sku\": \"\"}], \"tags\": [\"x\", \" \"]}")
                .when().post("/test/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "count", "lines[1].sku", "tags[1]"));
    }

    @Test
    void unknownPathIs404Problem() {
        given().when().get("/no/such/thing")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void unexpectedErrorHidesItsCause() {
        given().queryParam("jobId", java.util.UUID.randomUUID()).queryParam("title", "x").queryParam("failAfter", true)
                .when().post("/test/notes")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("error id")).body("detail", not(containsString("rolled back on purpose")));
    }

    @Test
    void anUnreachableStoreIs503WithRetryAfterNot500() {
        given().when().get("/test/unavailable/refused")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1")
                .body("title", equalTo("Service temporarily unavailable")).body("detail", containsString("retry"));
    }

    @Test
    void aDatabaseStillStartingUpIs503() {
        given().when().get("/test/unavailable/starting-up")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
    }

    @Test
    void aBodyOverTheLimitIs413ProblemNotACutConnection() {
        String big = "{\"name\": \"" + "x".repeat(100 * 1024) + "\", \"count\": 1}";
        given().contentType("application/json").body(big)
                .when().post("/test/echo")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413)).body("maxBytes", equalTo(65536))
                .body("errors[0].field", equalTo("body"));
    }
}

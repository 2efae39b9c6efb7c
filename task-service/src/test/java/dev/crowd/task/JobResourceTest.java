package dev.crowd.task;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class JobResourceTest {

    @Test
    void requesterSeesOwnJobs() {
        given().auth().oauth2(TestTokens.requester("req-1"))
                .when().get("/jobs")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void noTokenIs401Problem() {
        given().when().get("/jobs")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void wrongRoleIs403Problem() {
        given().auth().oauth2(TestTokens.annotator("ann-1"))
                .when().get("/jobs")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readyWithDatabaseKafkaAndRedis() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}

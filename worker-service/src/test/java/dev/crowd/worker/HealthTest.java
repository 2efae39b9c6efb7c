package dev.crowd.worker;

import dev.crowd.testing.CrowdInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class HealthTest {

    @Test
    void readyWhenDatabaseAndKafkaAreUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/me"))
                .body("paths", org.hamcrest.Matchers.hasKey("/qualifications/{id}/attempts"))
                .body("paths", org.hamcrest.Matchers.hasKey("/admin/workforce"));
    }
}

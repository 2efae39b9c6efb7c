package dev.crowd.gateway;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

@QuarkusTest
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
class HealthTest {

    @Test
    void ready() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}

package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
class OpenApiAndStatusTest {

    @Test
    void mergedOpenApiHasEveryServicesOperationsUnderItsRoute() {
        given().get("/openapi").then().statusCode(200)
                .contentType("application/json")
                .body("paths", hasKey("/api/tasks/things/{id}"))
                .body("paths", hasKey("/api/workers/things/{id}"))
                .body("paths", hasKey("/api/qa/things/{id}"))
                .body("paths", hasKey("/api/payments/things/{id}"))
                .body("paths", not(hasKey("/things/{id}")))
                // the operations keep their summaries and get the route as tag
                .body("paths.'/api/payments/things/{id}'.get.tags", hasItem("payments"))
                .body("x-crowd-unavailable", hasItem("down"))
                .body("components.securitySchemes", notNullValue());
    }

    @Test
    void clashingComponentsAreRenamedAndTheirReferencesFollow() {
        // Routes merge in name order: "limited" defines Thing first (amount); tasks' different Thing is renamed.
        given().get("/openapi").then().statusCode(200)
                .body("components.schemas.Thing.properties", hasKey("amount"))
                .body("components.schemas.tasks_Thing.properties", hasKey("title"))
                .body("paths.'/api/tasks/things/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/tasks_Thing"))
                .body("paths.'/api/qa/things/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Thing"))
                .body("paths.'/api/tasks/things/{id}'.get.operationId", equalTo("tasks_getThing"));
    }

    @Test
    void swaggerUiShowsTheMergedDocument() {
        given().get("/openapi/ui").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("url: \"/openapi\""));
        given().get("/webjars/swagger-ui/swagger-ui-bundle.js").then().statusCode(200);
    }

    @Test
    void statusReportsEachServiceWithoutFailingTheGatewayHealth() {
        given().auth().oauth2(TestTokens.admin("status-ada")).get("/api/status").then().statusCode(200)
                .body("status", equalTo("DEGRADED"))
                .body("services.find { it.route == 'tasks' }.status", equalTo("UP"))
                .body("services.find { it.route == 'down' }.status", equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}

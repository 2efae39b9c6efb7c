package dev.crowd.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Starts the real local stack with the launcher, signs in every demo user at the real Keycloak, and
 * calls each service through the gateway: health, an authenticated endpoint, a wrong role (403) and
 * no token (401). Then stops everything.
 */
class StackSmokeTest {

    @BeforeAll
    static void startStack() throws Exception {
        LocalStack.up();
    }

    @AfterAll
    static void stopStack() throws Exception {
        LocalStack.down();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rita", "anna", "ben", "chen", "ada"})
    void everyDemoUserGetsATokenFromKeycloak(String user) {
        String token = LocalStack.token(user);
        org.assertj.core.api.Assertions.assertThat(token.split("\\.")).hasSize(3);
    }

    @Test
    void gatewayIsReady() {
        given().when().get(LocalStack.GATEWAY + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void requesterListsOwnJobsThroughTheGateway() {
        given().auth().oauth2(LocalStack.token("rita"))
                .when().get(LocalStack.GATEWAY + "/api/tasks/jobs")
                .then().statusCode(200);
    }

    @Test
    void annotatorMayNotListJobs() {
        given().auth().oauth2(LocalStack.token("anna"))
                .when().get(LocalStack.GATEWAY + "/api/tasks/jobs")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void noTokenIsRejected() {
        given().when().get(LocalStack.GATEWAY + "/api/tasks/jobs")
                .then().statusCode(401).contentType("application/problem+json");
    }
}

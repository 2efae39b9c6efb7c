package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/** The route {@code limited} uses the class {@code tiny}: 3 requests per hour per caller. */
@QuarkusTest
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class RateLimitTest {

    @Test
    void aSignedInCallerOverTheLimitGets429WithRetryAfter() {
        String alice = TestTokens.annotator("rl-alice");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(alice).get("/api/limited/x").then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", String.valueOf(2 - i));
        }
        String retryAfter = given().auth().oauth2(alice).get("/api/limited/x").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://crowd.dev/problems/rate-limited"))
                .body("retryAfterSeconds", greaterThan(0))
                .extract().header("Retry-After");
        org.assertj.core.api.Assertions.assertThat(Long.parseLong(retryAfter)).isBetween(1L, 3600L);

        // Another user has a bucket of their own.
        given().auth().oauth2(TestTokens.annotator("rl-bob")).get("/api/limited/x").then().statusCode(200);
    }

    @Test
    void anonymousCallersAreLimitedByAddress() {
        // All anonymous test calls come from 127.0.0.1: one bucket, distinct from the users' buckets.
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            int status = given().get("/api/limited/y").statusCode();
            if (status == 200) {
                ok++;
            } else if (status == 429) {
                limited++;
            }
        }
        org.assertj.core.api.Assertions.assertThat(ok).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThat(limited).isEqualTo(2);
    }

    @Test
    void otherRoutesUseTheirOwnClass() {
        given().get("/api/tasks/z").then().statusCode(200).header("RateLimit-Limit", "600");
        given().get("/api/payments/z").then().statusCode(200).header("RateLimit-Limit", "120");
    }
}

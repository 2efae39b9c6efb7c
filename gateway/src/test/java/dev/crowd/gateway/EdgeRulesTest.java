package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Issue 14, "the edge is the only door": what an anonymous or hostile caller can no longer do. */
@QuarkusTest
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class EdgeRulesTest {

    @Test
    void aForgedLeftMostForwardedForDoesNotPickTheBucket() {
        // The test client is the trusted load balancer (loopback); it appended the real client, 203.0.113.7.
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", "198.51.100." + i + ", 203.0.113.7").get("/api/limited/xff")
                    .then().statusCode(200);
        }
        given().header("X-Forwarded-For", "198.51.100.99, 203.0.113.7").get("/api/limited/xff")
                .then().statusCode(429);
        // Another client behind the same load balancer has a bucket of its own.
        given().header("X-Forwarded-For", "198.51.100.1, 203.0.113.8").get("/api/limited/xff")
                .then().statusCode(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndDoesNotReachTheService() throws Exception {
        HttpResponse<String> tooLarge = chunked("/api/workers/workers/me/profile", 2 * 1024 * 1024);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(new JsonPath(tooLarge.body()).getLong("maxBytes")).isEqualTo(1048576L);

        HttpResponse<String> small = chunked("/api/workers/workers/me/profile", 512 * 1024);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(new JsonPath(small.body()).getLong("bodyBytes")).isEqualTo(512 * 1024L);

        // Item uploads keep their own (larger) limit, chunked too.
        HttpResponse<String> upload = chunked("/api/tasks/jobs/1/items", 3 * 1024 * 1024);
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(new JsonPath(upload.body()).getLong("bodyBytes")).isEqualTo(3 * 1024 * 1024L);
    }

    @Test
    void aDeclaredBodyOverOneMebibyteIs413OnJsonEndpoints() {
        byte[] two = new byte[2 * 1024 * 1024];
        given().contentType("application/json").body(two).post("/api/tasks/jobs").then()
                .statusCode(413).body("maxBytes", equalTo(1048576));
    }

    @Test
    void pagesAreRateLimitedLikeTheApi() {
        String token = TestTokens.requester("ui-flooder");
        for (int i = 0; i < 60; i++) {
            given().auth().oauth2(token).redirects().follow(false).get("/ui").then().statusCode(303);
        }
        given().auth().oauth2(token).redirects().follow(false).get("/ui").then()
                .statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // Another user still gets in.
        given().auth().oauth2(TestTokens.requester("ui-calm")).redirects().follow(false).get("/ui").then().statusCode(303);
    }

    @Test
    void operationsEndpointsAreForAdminsOnly() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/api/status", "/api/tasks/q/metrics",
                "/api/payments/q/openapi", "/api/tasks//q/metrics", "/api/tasks/x/../q/metrics", "/api/tasks/%71/metrics"}) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(401);
            given().urlEncodingEnabled(false).auth().oauth2(TestTokens.annotator("ops-anna")).get(path).then().statusCode(403);
        }
        String admin = TestTokens.admin("ops-ada");
        given().auth().oauth2(admin).get("/q/metrics").then().statusCode(200);
        given().auth().oauth2(admin).get("/q/openapi").then().statusCode(200);
        given().auth().oauth2(admin).get("/api/status").then().statusCode(200);
        given().auth().oauth2(admin).get("/api/tasks/q/metrics").then().statusCode(200).body("uri", equalTo("/q/metrics"));
    }

    @Test
    void aTokenIssuedToAnotherClientOfTheRealmIs401() {
        given().auth().oauth2(TestTokens.foreignToken("crowd-service", "service-account-crowd-service", "admin"))
                .get("/api/tasks/jobs").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.requester("aud-rita")).get("/api/tasks/jobs").then().statusCode(200);
    }

    @Test
    void signingOutIsPostOnly() {
        given().redirects().follow(false).get("/logout").then()
                .statusCode(405).header("Allow", "POST").contentType("application/problem+json");
        int status = given().redirects().follow(false).post("/logout").statusCode();
        assertThat(status).isNotEqualTo(405);
    }

    private static HttpResponse<String> chunked(String path, int bytes) throws Exception {
        byte[] body = new byte[bytes];
        // ofInputStream has no known length: the JDK client sends Transfer-Encoding: chunked.
        // HTTP/1.1: Transfer-Encoding: chunked is what a client without a known length sends.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

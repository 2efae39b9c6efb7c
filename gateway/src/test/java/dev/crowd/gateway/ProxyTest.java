package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class ProxyTest {

    @Test
    void routesEachPrefixToItsServiceWithThePrefixStripped() {
        given().get("/api/tasks/jobs?status=OPEN&page=2").then().statusCode(200)
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/jobs?status=OPEN&page=2"));
        given().get("/api/payments/accounts/me").then().statusCode(200).body("uri", equalTo("/accounts/me"));
        given().get("/api/workers/workers/me").then().statusCode(200).body("uri", equalTo("/workers/me"));
        given().get("/api/qa/jobs/7/quality").then().statusCode(200).body("uri", equalTo("/jobs/7/quality"));
        given().get("/api/tasks").then().statusCode(200).body("uri", equalTo("/"));
    }

    @Test
    void forwardsMethodBodyAuthorizationAndProxyHeaders() {
        String token = TestTokens.requester("req-proxy");
        given().auth().oauth2(token)
                .header("X-Request-Id", "abc-123")
                .contentType("application/json")
                .body("{\"title\":\"cats\"}")
                .post("/api/tasks/jobs")
                .then().statusCode(200)
                .header("X-Request-Id", "abc-123")
                .body("method", equalTo("POST"))
                .body("bodyBytes", equalTo(16))
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.x-request-id", equalTo("abc-123"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", containsString("localhost"))
                .body("headers.x-forwarded-prefix", equalTo("/api/tasks"))
                .body("headers.content-type", containsString("application/json"));
    }

    @Test
    void givesEveryRequestAnIdWhenTheCallerSentNone() {
        Response response = given().get("/api/tasks/jobs");
        String id = response.header("X-Request-Id");
        assertThat(id).matches("[0-9a-f-]{36}");
        // The gateway's id wins over an id header the service may add itself.
        assertThat(response.headers().getValues("X-Request-Id")).containsExactly(id);
        assertThat(response.jsonPath().getString("headers.x-request-id")).isEqualTo(id);
    }

    @Test
    void rewritesTheServicesLocationToTheGatewayRoute() {
        given().redirects().follow(false).post("/api/tasks/created").then().statusCode(201)
                .header("Location", matchesPattern("http://localhost:\\d+/api/tasks/jobs/42"));
    }

    @Test
    void streamsLargeUploadsThrough() throws Exception {
        // Larger than any buffer the gateway has; the JDK client (REST Assured is slow with large bodies).
        byte[] body = new byte[24 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + "/api/tasks/jobs/1/items"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonPath(response.body()).getLong("bodyBytes")).isEqualTo(body.length);
    }

    @Test
    void rejectsAnInvalidOrExpiredTokenAtTheEdge() {
        given().auth().oauth2(TestTokens.expiredToken("req-1", "requester")).get("/api/tasks/jobs")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        given().header("Authorization", "Bearer not-a-jwt").get("/api/tasks/jobs")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/tasks/jobs")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theServicesOwnRefusalsPassThroughUnchanged() {
        // The gateway only checks that a token is valid; roles are the service's call (403 here).
        given().auth().oauth2(TestTokens.annotator("ann-1")).get("/api/tasks/forbidden").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://crowd.dev/problems/forbidden"));
    }

    @Test
    void anUpstreamThatIsDownAnswers503ProblemAtOnce() {
        for (int i = 0; i < 5; i++) {
            given().get("/api/down/anything").then()
                    .time(lessThan(5L), TimeUnit.SECONDS)
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", equalTo("https://crowd.dev/problems/upstream-unavailable"))
                    .body("upstream", equalTo("down"))
                    .body("instance", equalTo("/api/down/anything"));
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerGives504Problem() {
        given().get("/api/qa/slow").then()
                .time(lessThan(10L), TimeUnit.SECONDS)
                .statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://crowd.dev/problems/upstream-timeout"))
                .body("upstream", equalTo("qa"));
    }

    @Test
    void anUnknownApiRouteIs404Problem() {
        given().get("/api/nothing/here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void aBodyOverTheRoutesLimitIs413ProblemAndIsNotForwarded() {
        byte[] eleven = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(eleven, (byte) 'x');
        // JSON endpoints take at most 1 MiB (issue 14; the default was 10 MiB).
        given().contentType("application/octet-stream").body(eleven).put("/api/workers/workers/me").then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://crowd.dev/problems/payload-too-large"))
                .body("maxBytes", equalTo(1048576))
                .body("detail", containsString("at most 1048576 bytes"));
        // Item uploads have a route limit of their own, far above the default.
        given().contentType("application/octet-stream").body(eleven).post("/api/tasks/jobs/1/items").then()
                .statusCode(200).body("uri", equalTo("/jobs/1/items"));
    }
}

package dev.crowd.gateway;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * A browser signs in through the (fake) identity provider with the authorization code flow, then uses
 * its session cookie for pages and for API calls, whose access token the gateway passes to the service.
 */
@QuarkusTest
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
class BrowserSessionTest {

    @Test
    void signedInBrowserUsesPagesAndTheApiWithItsSession() {
        Cookies session = signIn("/ui/jobs", "requester-rita");

        given().cookies(session).get("/ui/jobs").then().statusCode(200)
                .body(containsString("requester-rita"), containsString("Create a job"));

        // API call with the session: the service gets the session's access token, not the cookies.
        given().cookies(session).get("/api/tasks/echo").then().statusCode(200)
                .body("headers.authorization", startsWith("Bearer ey"))
                .body("headers.cookie", nullValue());

        // Changing data with only a cookie needs the pages' header (a cross-site form cannot send it).
        given().cookies(session).post("/api/tasks/echo").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://crowd.dev/problems/csrf"));
        given().cookies(session).header("X-Requested-With", "fetch").post("/api/tasks/echo").then().statusCode(200)
                .body("method", equalTo("POST"));
        given().cookies(session).post("/ui/jobs/j-1/submit").then().statusCode(403);
        given().cookies(session).header("HX-Request", "true").post("/ui/jobs/j-1/submit").then().statusCode(200);
    }

    @Test
    void theSessionCarriesTheRole() {
        Cookies session = signIn("/ui", "annotator-ben");
        given().cookies(session).redirects().follow(false).get("/ui").then().statusCode(303)
                .header("Location", containsString("/ui/work"));
        given().cookies(session).get("/ui/admin").then().statusCode(403);
    }

    /** Follows the code flow by hand: gateway -> login page (signs in {@code user}) -> gateway callback. */
    private static Cookies signIn(String page, String user) {
        Response toLogin = given().redirects().follow(false).get(page);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        Response fromLogin = given().urlEncodingEnabled(false).redirects().follow(false).get(toLogin.header("Location") + "&login_hint=" + user);
        assertThat(fromLogin.statusCode()).isEqualTo(302);
        Response callback = given().urlEncodingEnabled(false).redirects().follow(false).cookies(toLogin.detailedCookies())
                .get(fromLogin.header("Location"));
        assertThat(callback.statusCode()).as(callback.body().asString()).isIn(302, 303);
        assertThat(callback.detailedCookies().asList()).anyMatch(c -> c.getName().startsWith("q_session"));
        return callback.detailedCookies();
    }
}

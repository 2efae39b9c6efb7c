package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * The pages, rendered from what the (stub) services answer. Browsers sign in at Keycloak; here the
 * same pages are called with bearer tokens, which the gateway accepts for every page too.
 */
@QuarkusTest
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GatewayInfraResource.class, scope = TestResourceScope.GLOBAL)
class WebUiTest {

    private static final String ANNOTATOR = TestTokens.annotator("ui-anna");
    private static final String REQUESTER = TestTokens.requester("ui-rita");
    private static final String ADMIN = TestTokens.admin("ui-ada");

    @Test
    void landingPageIsPublicAndAssetsComeFromMaven() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Sign in"), containsString("/webjars/htmx.org/dist/htmx.min.js"));
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
        given().get("/static/crowd.js").then().statusCode(200);
    }

    @Test
    void signedInUsersAreSentToTheirRolesConsole() {
        given().auth().oauth2(ANNOTATOR).redirects().follow(false).get("/ui").then().statusCode(303)
                .header("Location", containsString("/ui/work"));
        given().auth().oauth2(REQUESTER).redirects().follow(false).get("/ui").then().statusCode(303)
                .header("Location", containsString("/ui/jobs"));
        given().auth().oauth2(ADMIN).redirects().follow(false).get("/ui").then().statusCode(303)
                .header("Location", containsString("/ui/admin"));
    }

    @Test
    void pagesNeedSignInAndTheRightRole() {
        // A browser without a session is sent to the identity provider's login page (code flow + PKCE).
        given().redirects().follow(false).get("/ui/work").then().statusCode(302)
                .header("Location", allOf(containsString("/realms/crowd/protocol/openid-connect/auth"),
                        containsString("client_id=crowd-web"), containsString("code_challenge_method=S256")));
        given().auth().oauth2(ANNOTATOR).get("/ui/admin").then().statusCode(403);
        given().auth().oauth2(ANNOTATOR).get("/ui/jobs").then().statusCode(403);
        given().auth().oauth2(REQUESTER).get("/ui/work").then().statusCode(403);
    }

    @Test
    void annotatorWorkbenchRenders() {
        given().auth().oauth2(ANNOTATOR).get("/ui/work").then().statusCode(200)
                .body(allOf(containsString("Workbench"), containsString("Claim next micro-job"), containsString("ui-anna"),
                        containsString("Gold accuracy: <strong>95%</strong>"), containsString("Rejected <strong>3</strong>"),
                        containsString("gold item says cat"), containsString("gold accuracy below 60%"),
                        containsString("&quot;goldAccuracy&quot; : 0.55"), containsString("name=\"sanctionId\" value=\"s-1\"")));
    }

    @Test
    void jobPageShowsProgressQualityDownloadsAndTheFundingResult() {
        given().auth().oauth2(REQUESTER).get("/ui/jobs/j-1").then().statusCode(200)
                .body(allOf(containsString("<h1>Cats or dogs</h1>"), containsString("4 of 10 items resolved (40%)"),
                        containsString("0.05 EUR per judgment"), containsString("Upload items and gold"),
                        containsString("Label distribution"), containsString("value=\"7\""),
                        containsString("Confidence histogram"), containsString("Gold accuracy <strong>90%</strong>"),
                        containsString("/api/tasks/jobs/j-1/results?format=csv"), containsString("href=\"/ui/work?job=j-1\""),
                        containsString("/api/tasks/jobs/j-1/results?format=labelstudio")));
        given().auth().oauth2(REQUESTER).get("/ui/jobs/j-1/progress").then().statusCode(200)
                .body(containsString("12 judgments"), not(containsString("<html")));
        given().auth().oauth2(REQUESTER).header("HX-Request", "true").post("/ui/jobs/j-1/submit").then().statusCode(200)
                .body(containsString("Your balance does not cover the budget"), containsString("Shortfall: 12.50 EUR"));
    }

    @Test
    void annotatorClaimsLabelsWithHotkeysAndSubmits() {
        given().auth().oauth2(ANNOTATOR).header("HX-Request", "true").post("/ui/work/next").then().statusCode(200)
                .body(allOf(containsString("Cats or dogs"), containsString("A purring animal"),
                        containsString("<img src=\"https://img.example/dog.png\""),
                        containsString("data-hotkey=\"c\""), containsString("data-hotkey=\"d\""),
                        containsString("data-until=\"2099-01-01T00:00:00Z\""),
                        containsString("of <span class=\"total\">2</span>")));

        given().auth().oauth2(ANNOTATOR).header("HX-Request", "true")
                .formParam("label_i-1", "cat").formParam("ms_i-1", "1200")
                .formParam("label_i-2", "dog").formParam("ms_i-2", "800")
                .post("/ui/work/assignments/a-1/answers").then().statusCode(200)
                .body(containsString("Submitted 2 answers"));
    }

    @Test
    void aWorkbenchLinkForOneJobClaimsFromThatJobOnly() {
        given().auth().oauth2(ANNOTATOR).get("/ui/work?job=j-7").then().statusCode(200)
                .body(allOf(containsString("hx-post=\"/ui/work/next?job=j-7\""), containsString("from job <code>j-7</code> only")));
        given().auth().oauth2(ANNOTATOR).header("HX-Request", "true").post("/ui/work/next?job=j-7").then().statusCode(200)
                .body(allOf(containsString("Only j-7"), containsString("hx-post=\"/ui/work/assignments/a-1/answers?job=j-7\"")));
        given().auth().oauth2(ANNOTATOR).header("HX-Request", "true")
                .formParam("label_i-1", "cat").formParam("label_i-2", "dog")
                .post("/ui/work/assignments/a-1/answers?job=j-7").then().statusCode(200)
                .body(allOf(containsString("Submitted 2 answers"), containsString("hx-post=\"/ui/work/next?job=j-7\"")));
        given().auth().oauth2(ANNOTATOR).get("/ui/work").then().statusCode(200)
                .body(allOf(containsString("hx-post=\"/ui/work/next\""), not(containsString("from job"))));
    }

    @Test
    void aRejectedAnswerIsShownUnderItsItem() {
        given().auth().oauth2(ANNOTATOR).header("HX-Request", "true")
                .formParam("label_i-1", "horse")
                .post("/ui/work/assignments/a-1/answers").then().statusCode(200)
                .body(matchesPattern("(?s).*data-item=\"i-1\".*<p class=\"error\" role=\"alert\">not in the label set</p>.*data-item=\"i-2\".*"));
    }

    @Test
    void requesterConsoleListsJobsWithProgressAndTheCreateForm() {
        given().auth().oauth2(REQUESTER).get("/ui/jobs").then().statusCode(200)
                .body(allOf(containsString("Cats or dogs"), containsString("4/10"), containsString("0.60 EUR"),
                        containsString("Create a job"), containsString("<label for=\"reward\">")));
    }

    @Test
    void creatingAJobSendsExactMinorUnitsAndGoesToTheJobPage() {
        given().auth().oauth2(REQUESTER).header("HX-Request", "true")
                .formParams(jobForm("Birds", "0.0125"))
                .post("/ui/jobs").then().statusCode(204)
                .header("HX-Redirect", "/ui/jobs/j-125-2");
    }

    @Test
    void jobFormErrorsAreShownNextToTheField() {
        // Caught by the page itself: not an amount.
        given().auth().oauth2(REQUESTER).header("HX-Request", "true")
                .formParams(jobForm("Birds", "lots"))
                .post("/ui/jobs").then().statusCode(200)
                .body(matchesPattern("(?s).*<input id=\"reward\" aria-invalid=\"true\" aria-describedby=\"reward-err\" [^>]*>"
                        + "\\s*<p class=\"error\" id=\"reward-err\">an amount like 0.05.*"))
                .body(containsString("<input id=\"title\" name=\"title\""))
                .body(containsString("value=\"Birds\""));
        // Refused by the service: its field error lands next to the reward field.
        given().auth().oauth2(REQUESTER).header("HX-Request", "true")
                .formParams(jobForm("bad", "0.05"))
                .post("/ui/jobs").then().statusCode(200)
                .body(matchesPattern("(?s).*id=\"reward\" aria-invalid=\"true\" aria-describedby=\"reward-err\".*"
                        + "<p class=\"error\" id=\"reward-err\">must be greater than or equal to 1</p>.*"));
    }

    @Test
    void adminConsoleShowsWorkforceHistogramAndWorkers() {
        given().auth().oauth2(ADMIN).get("/ui/admin").then().statusCode(200)
                .body(allOf(containsString("Workforce"), containsString("Trust histogram"), containsString("Anna"),
                        containsString("70–79"), containsString("Ledger check"), containsString("Appeals queue")));
        given().auth().oauth2(ADMIN).get("/ui/admin").then().body(containsString("/ui/admin/rejection-appeals/qa-1/decision"));
        given().auth().oauth2(ADMIN).header("HX-Request", "true").formParam("outcome", "UPHOLD").formParam("comment", "fair")
                .post("/ui/admin/rejection-appeals/qa-1/decision").then().statusCode(200)
                .body(containsString("<p class=\"ok\">Decision recorded"));
        given().auth().oauth2(ADMIN).header("HX-Request", "true").formParam("outcome", "DENY")
                .post("/ui/admin/rejection-appeals/qa-1/decision").then().statusCode(200)
                .body(containsString("<p class=\"error\">already decided"));
        given().auth().oauth2(ADMIN).get("/ui/admin/workers?status=ACTIVE").then().statusCode(200)
                .body(containsString("w-anna"), not(containsString("<html")));
    }

    @Test
    void bearerCallersNeedNoPageHeader() {
        // With a bearer token there is no CSRF exposure; the header check applies to cookie sessions.
        given().auth().oauth2(ANNOTATOR).post("/ui/work/next").then().statusCode(200)
                .body(not(emptyOrNullString()));
    }

    private static java.util.Map<String, String> jobForm(String title, String reward) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("title", title);
        form.put("instructions", "Which bird?");
        form.put("taskType", "SINGLE_LABEL");
        form.put("labels", "crow|Crow|c\nrobin|Robin|r");
        form.put("overlapMin", "3");
        form.put("overlapMax", "5");
        form.put("targetConfidence", "0.9");
        form.put("reward", reward);
        form.put("currency", "EUR");
        form.put("microJobSize", "10");
        form.put("leaseSeconds", "600");
        form.put("goldPerMicroJob", "1");
        return form;
    }
}

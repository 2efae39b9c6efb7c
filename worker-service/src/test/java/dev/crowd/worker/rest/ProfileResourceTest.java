package dev.crowd.worker.rest;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestTokens;
import dev.crowd.worker.Fixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class ProfileResourceTest {

    @Test
    void annotatorCreatesProfileAndTheRegistrationIsPublished() {
        String me = Fixtures.newSubject("ann");
        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.annotator(me)).contentType(ContentType.JSON)
                .body(Map.of("displayName", "  Ada  ", "languages", List.of("EN", "fr"),
                        "skills", List.of("sentiment", "image-classification"), "country", "fr", "timezone", "Europe/Paris"))
                .when().put("/me")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/me"))
                .body("id", equalTo(me)).body("displayName", equalTo("Ada"))
                .body("languages", contains("en", "fr"))
                .body("skills", contains("image-classification", "sentiment"))
                .body("country", equalTo("FR")).body("status", equalTo("ACTIVE")).body("trust", equalTo(63));

        given().auth().oauth2(TestTokens.annotator(me)).when().get("/me")
                .then().statusCode(200)
                .body("profile.id", equalTo(me)).body("profile.timezone", equalTo("Europe/Paris"))
                .body("standing.status", equalTo("ACTIVE")).body("standing.reason", nullValue())
                .body("standing.activeSanctions.size()", equalTo(0))
                .body("qualifications.size()", equalTo(0));

        JsonPath registered = Fixtures.workerEvents(me, 1).getFirst();
        assertThat(registered.getString("type")).isEqualTo("WorkerRegistered");
        assertThat(registered.getString("workerId")).isEqualTo(me);
        assertThat(registered.getList("skills")).containsExactly("image-classification", "sentiment");
        assertThat(registered.getInt("trust")).isEqualTo(63);
    }

    @Test
    void changingSkillsPublishesTheFullStateAndOtherEditsPublishNothing() {
        String me = Fixtures.newSubject("ann");
        Fixtures.register(me, List.of("sentiment"));
        // only the display name changes: nothing eligibility-relevant
        given().auth().oauth2(TestTokens.annotator(me)).contentType(ContentType.JSON)
                .body(Fixtures.profile("New name", List.of("sentiment")))
                .when().put("/me").then().statusCode(200).body("displayName", equalTo("New name"));
        given().auth().oauth2(TestTokens.annotator(me)).contentType(ContentType.JSON)
                .body(Fixtures.profile("New name", List.of("sentiment", "translation")))
                .when().put("/me").then().statusCode(200);

        // events are ordered per worker: had the name-only edit published, it would come second
        List<JsonPath> events = Fixtures.workerEvents(me, 2);
        assertThat(events).extracting(e -> e.getString("type"))
                .containsExactly("WorkerRegistered", "WorkerProfileChanged");
        JsonPath changed = events.get(1);
        assertThat(changed.getString("status")).isEqualTo("ACTIVE");
        assertThat(changed.getInt("trust")).isEqualTo(63);
        assertThat(changed.getList("skills")).containsExactly("sentiment", "translation");
        assertThat(changed.getList("qualifications")).isEmpty();
        assertThat(changed.getList("suspendedJobIds")).isEmpty();
        assertThat(changed.getString("reason")).isEqualTo("Skills updated");
    }

    @Test
    void unknownSkillLanguageCountryAndZoneAre400NamingEachField() {
        given().auth().oauth2(TestTokens.annotator(Fixtures.newSubject("ann"))).contentType(ContentType.JSON)
                .body(Map.of("displayName", "X", "languages", List.of("en", "xx"),
                        "skills", List.of("sentiment", "juggling"), "country", "QQ", "timezone", "Mars/Olympus"))
                .when().put("/me")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("languages[1]", "skills[1]", "country", "timezone"));
    }

    @Test
    void missingFieldsAndMalformedJsonAre400() {
        String token = TestTokens.annotator(Fixtures.newSubject("ann"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("languages", List.of(), "skills", List.of()))
                .when().put("/me")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("displayName")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"displayName\": ")
                .when().put("/me")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAnnotatorsHaveProfilesAndAnonymousCallersAre401() {
        given().when().get("/me").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/me")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expiredToken("ann-x", "annotator")).when().get("/me")
                .then().statusCode(401);
    }

    @Test
    void skillCatalogueIsListed() {
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/skills")
                .then().statusCode(200).body("code", hasItem("bounding-boxes"));
    }

    @Test
    void annotatorsCannotReadOtherAnnotatorsOrSearch() {
        String other = Fixtures.newSubject("ann");
        Fixtures.register(other, List.of("sentiment"));
        String token = TestTokens.annotator(Fixtures.newSubject("ann"));
        given().auth().oauth2(token).when().get("/workers/" + other).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token).when().get("/workers").then().statusCode(403);
        given().auth().oauth2(TestTokens.requester("req-1")).when().get("/workers").then().statusCode(403);
        given().auth().oauth2(token).when().get("/admin/workforce").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/workers/" + other)
                .then().statusCode(200).body("profile.id", equalTo(other));
        given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/workers/nobody-" + other)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void adminSearchesBySkillTrustAndStatusPagedAndSorted() {
        String skill = "medical";
        String a = Fixtures.newSubject("med");
        String b = Fixtures.newSubject("med");
        Fixtures.register(a, List.of(skill, "legal"));
        Fixtures.register(b, List.of(skill));
        String admin = TestTokens.admin("admin-1");

        given().auth().oauth2(admin).queryParam("skill", skill).queryParam("skill", skill)
                .queryParam("status", "active").queryParam("minTrust", 60).queryParam("maxTrust", 70)
                .queryParam("sort", "name").queryParam("size", 200)
                .when().get("/workers")
                .then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItems(a, b))
                .body("page", equalTo(0)).body("size", equalTo(200));
        given().auth().oauth2(admin).queryParam("skill", "legal").queryParam("size", 1)
                .when().get("/workers")
                .then().statusCode(200).body("items.size()", equalTo(1))
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().auth().oauth2(admin).queryParam("minTrust", 64)
                .when().get("/workers")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(a)));
    }

    @Test
    void badSearchParametersAre400NamingTheField() {
        String admin = TestTokens.admin("admin-1");
        given().auth().oauth2(admin).queryParam("sort", "shoe-size").when().get("/workers")
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));
        given().auth().oauth2(admin).queryParam("status", "SLEEPING").when().get("/workers")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(admin).queryParam("minTrust", 101).when().get("/workers")
                .then().statusCode(400).body("errors[0].field", equalTo("minTrust"));
        given().auth().oauth2(admin).queryParam("size", 0).when().get("/workers")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void theOldWorkersMeRoutesRedirectWith308ToMe() {
        String token = TestTokens.annotator(Fixtures.newSubject("ann"));
        given().auth().oauth2(token).redirects().follow(false).when().get("/workers/me")
                .then().statusCode(308).header("Location", equalTo("/me"));
        given().auth().oauth2(token).redirects().follow(false).queryParam("limit", 5).when().get("/workers/me/trust")
                .then().statusCode(308).header("Location", equalTo("/me/trust?limit=5"));
        given().auth().oauth2(token).redirects().follow(false).contentType(ContentType.JSON).body("{}")
                .when().put("/workers/me").then().statusCode(308).header("Location", equalTo("/me"));
        given().auth().oauth2(token).redirects().follow(false).contentType(ContentType.JSON).body("{}")
                .when().post("/workers/me/appeals").then().statusCode(308).header("Location", equalTo("/me/appeals"));
        // The admin routes under /workers are not caught by the redirect.
        given().auth().oauth2(TestTokens.admin("admin-1")).redirects().follow(false).when().get("/workers/nobody")
                .then().statusCode(404);
    }
}

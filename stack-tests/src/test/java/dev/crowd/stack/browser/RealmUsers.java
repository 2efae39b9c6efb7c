package dev.crowd.stack.browser;

import dev.crowd.stack.LocalStack;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Annotators of the browser tests' own, created in the local stack's realm with its bootstrap
 * administrator (admin/admin, local stacks only): other stack tests count the demo annotators'
 * earnings exactly, so these tests must not pay anna or chen. Password {@code <name>-local-only}, like
 * the demo users'. Creating an existing user is a no-op, so a reused stack keeps them.
 */
final class RealmUsers {

    private static final String ADMIN_API = LocalStack.KEYCLOAK + "/admin/realms/crowd";

    static void ensureAnnotator(String name) {
        String admin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(LocalStack.KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        int created = given().auth().oauth2(admin).contentType("application/json").body(Map.of(
                        "username", name,
                        "enabled", true,
                        "email", name + "@crowd.local",
                        "emailVerified", true,
                        "firstName", name,
                        "lastName", "Browser test",
                        "credentials", List.of(Map.of("type", "password", "value", name + "-local-only", "temporary", false))))
                .post(ADMIN_API + "/users").statusCode();
        if (created != 201 && created != 409) {
            throw new IllegalStateException("Keycloak refused to create " + name + ": " + created);
        }
        String id = given().auth().oauth2(admin).queryParam("username", name).queryParam("exact", true)
                .get(ADMIN_API + "/users").then().statusCode(200).extract().path("[0].id");
        Map<String, Object> role = given().auth().oauth2(admin).get(ADMIN_API + "/roles/annotator")
                .then().statusCode(200).extract().as(Map.class);
        given().auth().oauth2(admin).contentType("application/json").body(List.of(role))
                .post(ADMIN_API + "/users/" + id + "/role-mappings/realm").then().statusCode(204);
    }

    private RealmUsers() {
    }
}

package dev.crowd.stack;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Real Keycloak tokens that expire within seconds, to test expiry without waiting for the realm's
 * lifespan: a public client of the crowd realm whose access tokens live {@code seconds}, created with
 * the local stack's bootstrap administrator (admin/admin, local stacks only).
 */
final class ShortLivedTokens {

    static final List<String> AUDIENCE = List.of("gateway", "task-service", "worker-service", "qa-service",
            "payment-service");

    static String token(String user, String password, int seconds) {
        String admin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(LocalStack.KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String clientId = "crowd-short-lived-" + seconds + "s";
        int created = given().auth().oauth2(admin).contentType("application/json").body(Map.of(
                        "clientId", clientId,
                        "publicClient", true,
                        "directAccessGrantsEnabled", true,
                        "standardFlowEnabled", false,
                        "redirectUris", List.of(),
                        // like crowd-cli: the services accept only tokens that name them in their audience
                        "protocolMappers", AUDIENCE.stream().map(audience -> Map.of(
                                "name", "audience-" + audience, "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.custom.audience", audience, "access.token.claim", "true",
                                        "id.token.claim", "false"))).toList(),
                        "attributes", Map.of("access.token.lifespan", Integer.toString(seconds))))
                .post(LocalStack.KEYCLOAK + "/admin/realms/crowd/clients").statusCode();
        if (created != 201 && created != 409) {
            throw new IllegalStateException("Keycloak refused the short-lived client: " + created);
        }
        return given().formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", user).formParam("password", password)
                .post(LocalStack.KEYCLOAK + "/realms/crowd/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private ShortLivedTokens() {
    }
}

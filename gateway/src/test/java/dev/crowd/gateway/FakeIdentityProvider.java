package dev.crowd.gateway;

import dev.crowd.testing.TestTokens;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Just enough of Keycloak's OIDC endpoints (discovery, keys, authorization, token) for the gateway's
 * browser sign-in to run in tests: the authorization endpoint signs in whoever {@code login_hint} names
 * (role = the part before the dash: {@code annotator-anna}) and redirects back with a code; the token
 * endpoint returns tokens signed with the test key, issued by {@link TestTokens#ISSUER}.
 */
final class FakeIdentityProvider {

    static final String REALM = "/realms/crowd";

    static boolean answer(HttpServerRequest request, String base) {
        String path = request.path();
        if (!path.startsWith(REALM)) {
            return false;
        }
        String realm = base + REALM;
        switch (path.substring(REALM.length())) {
            case "/.well-known/openid-configuration" -> json(request, new JsonObject()
                    .put("issuer", TestTokens.ISSUER)
                    .put("authorization_endpoint", realm + "/protocol/openid-connect/auth")
                    .put("token_endpoint", realm + "/protocol/openid-connect/token")
                    .put("jwks_uri", realm + "/protocol/openid-connect/certs")
                    .put("end_session_endpoint", realm + "/protocol/openid-connect/logout")
                    .put("response_types_supported", new JsonArray().add("code"))
                    .put("code_challenge_methods_supported", new JsonArray().add("S256")));
            case "/protocol/openid-connect/certs" -> json(request, new JsonObject().put("keys", new JsonArray().add(jwk())));
            case "/protocol/openid-connect/auth" -> {
                String user = request.getParam("login_hint", "annotator-anna");
                String redirect = request.getParam("redirect_uri") + "?code=" + enc(user) + "&state=" + enc(request.getParam("state"));
                request.response().setStatusCode(302).putHeader("Location", redirect).end();
            }
            case "/protocol/openid-connect/token" -> request.body().onSuccess(body -> {
                String user = "annotator-anna";
                for (String pair : body.toString().split("&")) {
                    if (pair.startsWith("code=")) {
                        user = java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    }
                }
                String role = user.substring(0, user.indexOf('-'));
                json(request, new JsonObject()
                        .put("access_token", token(user, role, null))
                        .put("id_token", token(user, role, "crowd-web"))
                        .put("token_type", "Bearer")
                        .put("expires_in", 900));
            });
            default -> request.response().setStatusCode(404).end();
        }
        return true;
    }

    private static String token(String subject, String role, String audience) {
        var builder = Jwt.issuer(TestTokens.ISSUER)
                .subject(subject)
                .claim("preferred_username", subject)
                .claim("realm_access", Map.of("roles", List.of(role)))
                .expiresIn(900);
        // The ID token is for the web client; the access token names the services, as the realm's mappers do.
        if (audience != null) {
            builder.audience(audience);
        } else {
            builder.audience(TestTokens.AUDIENCE).claim("azp", TestTokens.CLIENT);
        }
        return builder.jws().keyId("crowd-test").sign(privateKey());
    }

    private static JsonObject jwk() {
        try {
            TestTokens.publicKeyBase64(); // makes the key pair if needed
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(TestTokens.publicKeyBase64())));
            return new JsonObject().put("kty", "RSA").put("kid", "crowd-test").put("use", "sig").put("alg", "RS256")
                    .put("n", b64(key.getModulus())).put("e", b64(key.getPublicExponent()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            TestTokens.publicKeyBase64();
            byte[] der = Base64.getDecoder().decode(System.getProperty("crowd.test.jwt.private-key"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static void json(HttpServerRequest request, JsonObject body) {
        request.response().putHeader("content-type", "application/json").end(body.encode());
    }

    private FakeIdentityProvider() {
    }
}

package dev.crowd.testing;

import io.smallrye.jwt.build.Jwt;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real RS256-signed bearer tokens for tests, shaped like Keycloak's (subject, realm roles). The key
 * pair is made once per test JVM and kept in system properties, so the application under test (which
 * verifies with the public key) and the test code (which signs) agree whatever their class loaders.
 */
public final class TestTokens {

    public static final String ISSUER = "https://crowd.test/realms/crowd";
    /**
     * What the realm's audience mappers put in a user's token (deploy/keycloak/crowd-realm.json): every
     * service checks that its own name is among them ({@code quarkus.oidc.token.audience}).
     */
    public static final Set<String> AUDIENCE = Set.of("gateway", "task-service", "worker-service", "qa-service",
            "payment-service");
    /** The client users sign in with (the token's {@code azp}). */
    public static final String CLIENT = "crowd-web";
    private static final String PRIVATE_PROPERTY = "crowd.test.jwt.private-key";
    private static final String PUBLIC_PROPERTY = "crowd.test.jwt.public-key";

    /** A token for {@code subject} with the given realm roles, valid for an hour. */
    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("azp", CLIENT)
                .subject(subject)
                .claim("preferred_username", subject)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .groups(Set.of(roles))
                .expiresIn(3600)
                .jws().keyId("crowd-test")
                .sign(privateKey());
    }

    /**
     * A token the realm issued to another of its clients ({@code client}, e.g. the service account of
     * {@code crowd-service}): right issuer and signature, but not meant for the services (audience
     * {@code account}, as Keycloak sets it by default).
     */
    public static String foreignToken(String client, String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience("account")
                .claim("azp", client)
                .subject(subject)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .groups(Set.of(roles))
                .expiresIn(3600)
                .jws().keyId("crowd-test")
                .sign(privateKey());
    }

    /** A token that expired a minute ago. */
    public static String expiredToken(String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("azp", CLIENT)
                .subject(subject)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(now - 3600)
                .expiresAt(now - 60)
                .jws().keyId("crowd-test")
                .sign(privateKey());
    }

    public static String requester(String subject) {
        return token(subject, "requester");
    }

    public static String annotator(String subject) {
        return token(subject, "annotator");
    }

    public static String admin(String subject) {
        return token(subject, "admin");
    }

    /** The verification key, base64 X.509, for {@code quarkus.oidc.public-key}. */
    public static synchronized String publicKeyBase64() {
        ensureKeys();
        return System.getProperty(PUBLIC_PROPERTY);
    }

    private static PrivateKey privateKey() {
        ensureKeys();
        try {
            byte[] der = Base64.getDecoder().decode(System.getProperty(PRIVATE_PROPERTY));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ensureKeys() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PRIVATE_PROPERTY) != null) {
                return;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PRIVATE_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_PROPERTY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestTokens() {
    }
}

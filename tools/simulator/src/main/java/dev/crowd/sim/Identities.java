package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The simulation's people at the real Keycloak: signs in the realm's demo users and creates the simulated
 * annotators through Keycloak's admin API, as the local stack's bootstrap administrator of the master realm
 * (user {@code admin}; local stacks only). The platform's own client, crowd-service, may not create users or
 * grant roles: it only disables and enables members of the group {@code annotators}, so every simulated
 * annotator joins that group, as a real one must.
 */
public final class Identities {

    private final Api api;
    private final String keycloak;
    private final String adminPassword;

    public Identities(Api api, String keycloakUrl, String adminPassword) {
        this.api = api;
        this.keycloak = keycloakUrl.endsWith("/") ? keycloakUrl.substring(0, keycloakUrl.length() - 1) : keycloakUrl;
        this.adminPassword = adminPassword;
    }

    private String tokenUrl() {
        return keycloak + "/realms/crowd/protocol/openid-connect/token";
    }

    /** Signs {@code user} in with a password (client crowd-cli, local stacks only). */
    public Session signIn(String user, String password) {
        return new Session(user, password);
    }

    /** The realm's demo users sign in with {@code <user>-local-only}. */
    public Session demoUser(String user) {
        return signIn(user, user + "-local-only");
    }

    /** Creates an annotator (or reuses one of that name). Returns the Keycloak subject. */
    public String ensureAnnotator(String username, String password) {
        return ensureUser(username, password, "annotator");
    }

    /**
     * Creates a user (or reuses one of that name) holding the realm role {@code role} (requester,
     * annotator). Returns the Keycloak subject.
     */
    public String ensureUser(String username, String password, String role) {
        String admin = adminToken();
        String users = keycloak + "/admin/realms/crowd/users";
        Api.Reply created = api.post(users, admin, Map.of(
                "username", username,
                "enabled", true,
                "email", username + "@sim.crowd.local",
                "emailVerified", true,
                "firstName", "Simulated",
                "lastName", username,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        created.expect(201, 409);
        JsonNode found = api.get(users + "?exact=true&username=" + username, admin).expect(200).body();
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("Keycloak did not return the user " + username);
        }
        String id = found.get(0).path("id").asText();
        // The roles this admin may grant the user; the annotator role comes with its id from here.
        JsonNode available = api.get(users + "/" + id + "/role-mappings/realm/available", admin).expect(200).body();
        for (JsonNode candidate : available) {
            if (role.equals(candidate.path("name").asText())) {
                api.post(users + "/" + id + "/role-mappings/realm", admin, List.of(candidate)).expect(204);
            }
        }
        if ("annotator".equals(role)) {
            joinAnnotators(id, admin);
        }
        return id;
    }

    /** Puts the user in the group worker-service's client may disable and enable (sanctions reach them). */
    private void joinAnnotators(String userId, String admin) {
        JsonNode groups = api.get(keycloak + "/admin/realms/crowd/groups?exact=true&search=annotators", admin)
                .expect(200).body();
        for (JsonNode group : groups) {
            if ("annotators".equals(group.path("name").asText())) {
                api.send("PUT", keycloak + "/admin/realms/crowd/users/" + userId + "/groups/" + group.path("id").asText(),
                        admin, null, null, Map.of()).expect(204);
                return;
            }
        }
        throw new IllegalStateException("the realm has no group annotators");
    }

    private volatile String serviceToken;
    private volatile long serviceTokenExpires;

    private synchronized String adminToken() {
        if (serviceToken == null || System.currentTimeMillis() > serviceTokenExpires) {
            JsonNode t = api.form(keycloak + "/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password",
                    "client_id", "admin-cli",
                    "username", "admin",
                    "password", adminPassword)).expect(200).body();
            serviceToken = t.path("access_token").asText();
            serviceTokenExpires = System.currentTimeMillis() + (t.path("expires_in").asLong(60) - 20) * 1000;
        }
        return serviceToken;
    }

    /** A signed-in person; {@link #token()} refreshes the access token before it expires. */
    public final class Session {
        private final String user;
        private final String password;
        private String access;
        private String refresh;
        private long accessExpires;

        private Session(String user, String password) {
            this.user = user;
            this.password = password;
            grant(Map.of("grant_type", "password", "client_id", "crowd-cli", "username", user, "password", password));
        }

        public String user() {
            return user;
        }

        public synchronized String token() {
            if (System.currentTimeMillis() > accessExpires) {
                try {
                    grant(Map.of("grant_type", "refresh_token", "client_id", "crowd-cli", "refresh_token", refresh));
                } catch (IllegalStateException sessionGone) {
                    grant(Map.of("grant_type", "password", "client_id", "crowd-cli", "username", user,
                            "password", password));
                }
            }
            return access;
        }

        /** The Keycloak subject of the signed-in user (the id every service knows them by). */
        public String subject() {
            String payload = token().split("\\.")[1];
            try {
                return Api.JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("sub").asText();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void grant(Map<String, String> form) {
            JsonNode t = api.form(tokenUrl(), form).expect(200).body();
            access = t.path("access_token").asText();
            refresh = t.path("refresh_token").asText();
            accessExpires = System.currentTimeMillis() + (t.path("expires_in").asLong(300) - 30) * 1000;
        }
    }
}

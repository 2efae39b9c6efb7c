package dev.crowd.platform.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalOnlySecretsTest {

    private static final Map<String, String> DEFAULTS = Map.of(
            "quarkus.oidc.web.authentication.state-secret", "local-development-only-state-secret-0123456789",
            "crowd.keycloak-admin.client-secret", "local-development-only-crowd-service-secret",
            "quarkus.http.port", "8080");

    @Test
    void theProdProfileRefusesEveryCommittedLocalOnlySecret() {
        assertThat(LocalOnlySecrets.offending(DEFAULTS, List.of("prod")))
                .containsExactlyInAnyOrder("quarkus.oidc.web.authentication.state-secret",
                        "crowd.keycloak-admin.client-secret");
    }

    @Test
    void theLocalStackDevAndTestsMayUseThem() {
        assertThat(LocalOnlySecrets.offending(DEFAULTS, List.of("prod", "local"))).isEmpty();
        assertThat(LocalOnlySecrets.offending(DEFAULTS, List.of("dev"))).isEmpty();
        assertThat(LocalOnlySecrets.offending(DEFAULTS, List.of("test"))).isEmpty();
    }

    @Test
    void secretsOfTheirOwnAreFineAnywhere() {
        assertThat(LocalOnlySecrets.offending(Map.of("crowd.keycloak-admin.client-secret", "f3a9c2e1d0b8"),
                List.of("prod"))).isEmpty();
    }
}

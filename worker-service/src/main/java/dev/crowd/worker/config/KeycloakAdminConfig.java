package dev.crowd.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The Keycloak admin API used to disable an annotator's sign-in on a platform ban and enable it on
 * reinstatement. The client holds no realm-management role: one fine-grained admin permission (Keycloak
 * FGAP v2) lets it view and manage the members of the group {@code annotators}, nothing else (docs/security.md).
 */
@ConfigMapping(prefix = "crowd.keycloak-admin")
public interface KeycloakAdminConfig {

    /** Off: sign-in changes are recorded and marked done without calling Keycloak (module tests). */
    @WithDefault("true")
    boolean enabled();

    /** Keycloak base URL (without /realms). */
    @WithDefault("http://127.0.0.1:8180")
    String serverUrl();

    /** Realm of the annotators (and of the client). */
    @WithDefault("crowd")
    String realm();

    /** Confidential client with a service account. */
    @WithDefault("crowd-service")
    String clientId();

    /** Local-only default (refused outside the local profile); set CROWD_KEYCLOAK_ADMIN_SECRET anywhere else. */
    @WithDefault("local-development-only-crowd-service-secret")
    String clientSecret();

    /** How often pending sign-in changes are retried. */
    @WithDefault("5s")
    Duration retryEvery();

    /** Attempts after which a pending change is logged as an error at each further attempt. */
    @WithDefault("10")
    int warnAfterAttempts();
}

package dev.crowd.worker.identity;

import dev.crowd.worker.config.KeycloakAdminConfig;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak admin API through the client's service account (client_credentials). Disabling also ends
 * the user's sessions, so a banned annotator cannot refresh their token. The client may view and manage the
 * members of the group annotators and nothing else (deploy/keycloak/crowd-realm.json).
 */
public class KeycloakAccounts implements IdentityProviderAccounts, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeycloakAccounts.class);

    private final KeycloakAdminConfig config;
    private volatile Keycloak keycloak;

    public KeycloakAccounts(KeycloakAdminConfig config) {
        this.config = config;
    }

    @Override
    public void setSignInEnabled(String userId, boolean enabled) {
        UserResource user = client().realm(config.realm()).users().get(userId);
        UserRepresentation representation;
        try {
            representation = user.toRepresentation();
        } catch (NotFoundException e) {
            // nothing to disable or enable: the account is gone (or never lived in this realm)
            LOG.warnf("user %s not found in realm %s; sign-in change to %s skipped", userId, config.realm(), enabled);
            return;
        } catch (ForbiddenException e) {
            // The client may manage members of the group annotators only: retrying cannot change that.
            LOG.errorf("user %s is not in the group annotators of realm %s: sign-in change to %s skipped "
                    + "(add the user to the group, then sanction again)", userId, config.realm(), enabled);
            return;
        }
        if (!Boolean.valueOf(enabled).equals(representation.isEnabled())) {
            representation.setEnabled(enabled);
            user.update(representation);
        }
        if (!enabled) {
            user.logout();
        }
        LOG.infof("sign-in of %s %s in Keycloak", userId, enabled ? "enabled" : "disabled");
    }

    private Keycloak client() {
        Keycloak current = keycloak;
        if (current == null) {
            synchronized (this) {
                if (keycloak == null) {
                    keycloak = KeycloakBuilder.builder()
                            .serverUrl(config.serverUrl())
                            .realm(config.realm())
                            .clientId(config.clientId())
                            .clientSecret(config.clientSecret())
                            .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                            .build();
                }
                current = keycloak;
            }
        }
        return current;
    }

    @Override
    public void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}

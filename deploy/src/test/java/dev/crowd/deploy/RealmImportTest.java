package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm the Keycloak operator imports stays in step with deploy/keycloak/crowd-realm.json (the local stack's):
 * same roles and clients, minus what is local-only. Pure YAML, runs without kubectl.
 */
class RealmImportTest {

    private static final Set<String> DEPLOYMENT_SPECIFIC = Set.of("secret", "redirectUris");

    private static JsonNode local() {
        return Repository.documents(Repository.path("deploy/keycloak/crowd-realm.json")).getFirst();
    }

    private static JsonNode imported() {
        return new Manifests(Repository.documents(Repository.path("deploy/kubernetes/base/keycloak/keycloak.yaml")))
                .get("KeycloakRealmImport", "crowd-realm").path("spec").path("realm");
    }

    private static Map<String, JsonNode> clients(JsonNode realm) {
        Map<String, JsonNode> clients = new HashMap<>();
        realm.path("clients").forEach(client -> clients.put(client.path("clientId").asText(), client));
        return clients;
    }

    private static Set<String> roles(JsonNode realm) {
        Set<String> roles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(role -> roles.add(role.path("name").asText()));
        return roles;
    }

    @Test
    void rolesAndClientsMatchTheLocalRealmLessWhatIsLocalOnly() {
        JsonNode local = local();
        JsonNode imported = imported();

        assertThat(imported.path("realm").asText()).isEqualTo("crowd");
        assertThat(roles(imported)).isEqualTo(roles(local)).contains("requester", "annotator", "admin");
        Map<String, JsonNode> localClients = clients(local);
        assertThat(clients(imported).keySet()).containsExactlyInAnyOrder("crowd-web", "crowd-service", "admin-permissions");
        assertThat(imported.path("groups")).isEqualTo(local.path("groups"));
        assertThat(imported.path("adminPermissionsEnabled").asBoolean()).isTrue();
        clients(imported).forEach((id, client) -> {
            ObjectNode expected = localClients.get(id).deepCopy();
            ObjectNode actual = client.deepCopy();
            expected.remove(DEPLOYMENT_SPECIFIC);
            actual.remove(DEPLOYMENT_SPECIFIC);
            assertThat(actual).as(id).isEqualTo(expected);
        });
        assertThat(clients(imported).get("crowd-service").path("secret").asText()).isEqualTo("${CROWD_SERVICE_SECRET}");
    }

    @Test
    void onlyTheServiceAccountUserIsImportedWithItsRoles() {
        assertThat(imported().path("users")).singleElement().satisfies(user -> {
            assertThat(user.path("username").asText()).isEqualTo("service-account-crowd-service");
            assertThat(user.has("credentials")).isFalse();
            JsonNode local = null;
            for (JsonNode candidate : local().path("users")) {
                if (candidate.path("username").asText().equals("service-account-crowd-service")) {
                    local = candidate;
                }
            }
            assertThat(user).isEqualTo(local);
        });
    }

    /**
     * worker-service's client may only disable and enable annotators: no realm-management role (manage-users
     * would let it create users and map any role), one fine-grained permission (view-members, manage-members
     * of the group annotators) for the client crowd-service. Stack-tests' EdgeSecurityTest checks the effect.
     */
    @Test
    void theServiceClientHoldsNoAdminRoleOnlyManageMembersOfAnnotators() {
        for (JsonNode realm : new JsonNode[] {local(), imported()}) {
            for (JsonNode user : realm.path("users")) {
                assertThat(user.has("clientRoles")).as(user.path("username").asText()).isFalse();
            }
            JsonNode settings = clients(realm).get("admin-permissions").path("authorizationSettings");
            String annotators = realm.path("groups").get(0).path("id").asText();
            assertThat(realm.path("groups").get(0).path("name").asText()).isEqualTo("annotators");
            assertThat(settings.path("policies")).hasSize(2);
            JsonNode permission = settings.path("policies").get(1);
            assertThat(permission.path("config").path("resources").asText()).isEqualTo("[\"" + annotators + "\"]");
            assertThat(permission.path("config").path("scopes").asText()).isEqualTo("[\"manage-members\",\"view-members\"]");
            assertThat(permission.path("config").path("applyPolicies").asText()).isEqualTo("[\"crowd-service\"]");
            assertThat(settings.path("policies").get(0).path("config").path("clients").asText())
                    .isEqualTo("[\"crowd-service\"]");
        }
    }
}

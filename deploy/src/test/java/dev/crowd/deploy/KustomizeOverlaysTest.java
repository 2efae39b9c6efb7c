package dev.crowd.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders both overlays with `kubectl kustomize` and holds them to the structural rules. Skipped without kubectl. */
class KustomizeOverlaysTest {

    @BeforeEach
    void kubectl() {
        Kubectl.assumePresent();
    }

    private static ManifestRules rules(String overlay) {
        return new ManifestRules(Kubectl.render(overlay));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceRunsItsImageWithHealthProbesRequestsAndLimits(String overlay) {
        assertThat(rules(overlay).deployments(overlay.equals("prod"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceGetsTheEnvironmentItsConfigurationNeeds(String overlay) {
        assertThat(rules(overlay).environment()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceAndIngressTargetsAnExistingPort(String overlay) {
        assertThat(rules(overlay).services()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void autoscalersAndDisruptionBudgetsCoverEveryService(String overlay) {
        assertThat(rules(overlay).scaling()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicExistsWithItsPartitions(String overlay) {
        assertThat(rules(overlay).topics()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAuthenticatesEveryClientAndEachServiceHasOnlyItsOwnRights(String overlay) {
        assertThat(new KafkaAccessRules(Kubectl.render(overlay)).problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValuesAreCommitted(String overlay) {
        assertThat(rules(overlay).secrets()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theRealmImportTargetsTheKeycloakAndProdHasNoDemoUsers(String overlay) {
        assertThat(rules(overlay).keycloak(overlay.equals("prod"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everythingLandsInTheOverlaysNamespace(String overlay) {
        assertThat(rules(overlay).namespace(overlay.equals("prod") ? "crowd" : "crowd-dev")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayReachesTheServicesAndNoAdminConsoleIsExposed(String overlay) {
        assertThat(rules(overlay).edge()).isEmpty();
    }
}

package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules catch what they are meant to: each test breaks one thing in a copy of the dev render. */
class ManifestRulesTest {

    @BeforeEach
    void kubectl() {
        Kubectl.assumePresent();
    }

    private static Manifests copy() {
        List<JsonNode> resources = new ArrayList<>();
        Kubectl.render("dev").resources().forEach(resource -> resources.add(resource.deepCopy()));
        return new Manifests(resources);
    }

    private static ObjectNode container(Manifests manifests, String service) {
        return (ObjectNode) Manifests.mainContainer(manifests.get("Deployment", service));
    }

    private static ArrayNode env(Manifests manifests, String service) {
        return (ArrayNode) container(manifests, service).path("env");
    }

    private static void removeVariable(Manifests manifests, String service, String name) {
        ArrayNode env = env(manifests, service);
        for (int i = env.size() - 1; i >= 0; i--) {
            if (name.equals(env.get(i).path("name").asText())) {
                env.remove(i);
            }
        }
    }

    @Test
    void aMissingProbeOrLimitIsReported() {
        Manifests manifests = copy();
        container(manifests, "task-service").remove("readinessProbe");
        ((ObjectNode) container(manifests, "qa-service").path("resources")).remove("limits");

        assertThat(new ManifestRules(manifests).deployments(false)).contains(
                "task-service: readinessProbe is not an HTTP GET of /q/health/ready",
                "qa-service: no resources.limits.cpu", "qa-service: no resources.limits.memory");
    }

    @Test
    void aSnapshotImageIsNoRelease() {
        Manifests manifests = copy();

        assertThat(new ManifestRules(manifests).deployments(false)).isEmpty();
        assertThat(new ManifestRules(manifests).deployments(true))
                .anySatisfy(problem -> assertThat(problem).startsWith("gateway: image").endsWith("is not a release tag"));
    }

    @Test
    void aMissingVariableALiteralSecretAndAWrongAddressAreReported() {
        Manifests manifests = copy();
        removeVariable(manifests, "qa-service", "CROWD_KAFKA_BOOTSTRAP");
        removeVariable(manifests, "gateway", "CROWD_WEB_SESSION_SECRET");
        env(manifests, "gateway").addObject().put("name", "CROWD_WEB_SESSION_SECRET").put("value", "committed");
        removeVariable(manifests, "gateway", "CROWD_TASK_URL");
        env(manifests, "gateway").addObject().put("name", "CROWD_TASK_URL").put("value", "http://tasks-service");
        removeVariable(manifests, "worker-service", "CROWD_KAFKA_BOOTSTRAP");
        env(manifests, "worker-service").addObject().put("name", "CROWD_KAFKA_BOOTSTRAP").put("value",
                "crowd-kafka-bootstrap:9093");

        assertThat(new ManifestRules(manifests).environment()).contains(
                "qa-service: CROWD_KAFKA_BOOTSTRAP is not set",
                "gateway: CROWD_WEB_SESSION_SECRET is a literal, not a secretKeyRef",
                "gateway: CROWD_TASK_URL=http://tasks-service: no Service, Kafka bootstrap or Keycloak service named "
                        + "tasks-service",
                "worker-service: CROWD_KAFKA_BOOTSTRAP=crowd-kafka-bootstrap:9093: Kafka crowd has no listener on 9093");
    }

    @Test
    void aDatabaseFromTheWrongClusterIsReported() {
        Manifests manifests = copy();
        for (JsonNode entry : env(manifests, "payment-service")) {
            JsonNode secret = entry.path("valueFrom").path("secretKeyRef");
            if (!secret.isMissingNode()) {
                ((ObjectNode) secret).put("name", "task-db-app");
            }
        }

        assertThat(new ManifestRules(manifests).environment())
                .contains("payment-service: cluster task-db does not create database payment");
    }

    @Test
    void aMissingTopicOrAWrongPartitionCountIsReported() {
        Manifests manifests = copy();
        manifests.resources().remove(manifests.get("KafkaTopic", "crowd-dlq-qa-service"));
        ((ObjectNode) manifests.get("KafkaTopic", "crowd-work").path("spec")).put("partitions", 6);

        assertThat(new ManifestRules(manifests).topics()).contains("topic crowd.dlq.qa-service is not declared",
                "topic crowd.work has 6 partitions, not 12");
    }

    @Test
    void aServiceOnAWrongPortAndAnAutoscalerBeyondThePartitionsOrFightingAFixedCountAreReported() {
        Manifests manifests = copy();
        ((ObjectNode) manifests.get("Service", "worker-service").path("spec").path("ports").get(0))
                .put("targetPort", 9999);
        ((ObjectNode) manifests.get("HorizontalPodAutoscaler", "qa-service").path("spec")).put("maxReplicas", 24);
        ((ObjectNode) manifests.get("Deployment", "gateway").path("spec")).put("replicas", 1);

        assertThat(new ManifestRules(manifests).services())
                .contains("Service worker-service targets port 9999, which worker-service does not expose");
        assertThat(new ManifestRules(manifests).scaling())
                .contains("HPA qa-service: 24 replicas, more than the 12 partitions a consumer group can spread over",
                        "Deployment gateway fixes its replicas, which HPA gateway owns");
    }

    @Test
    void aCommittedSecretAndDemoUsersInProdAreReported() {
        Manifests manifests = copy();
        ObjectNode secret = Repository.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "leaked");
        secret.putObject("stringData").put("password", "hunter2");
        manifests.resources().add(secret);

        assertThat(new ManifestRules(manifests).secrets()).containsExactly("Secret leaked carries values");
        // dev carries the public demo users: fine there, refused for prod
        assertThat(new ManifestRules(manifests).keycloak(false)).isEmpty();
        List<String> asProduction = new ManifestRules(manifests).keycloak(true);
        assertThat(asProduction).contains("realm user rita has credentials",
                "client crowd-cli allows the password grant");
    }

    @Test
    void aKeycloakOnAMissingDatabaseIsReported() {
        Manifests manifests = copy();
        ((ObjectNode) manifests.get("Keycloak", "crowd-keycloak").path("spec").path("db")).put("host", "postgres");
        ((ObjectNode) manifests.get("KeycloakRealmImport", "crowd-realm").path("spec")).put("keycloakCRName", "kc");

        assertThat(new ManifestRules(manifests).keycloak(false)).containsExactlyInAnyOrder(
                "Keycloak database host postgres is no CloudNativePG cluster's primary",
                "realm import targets Keycloak kc, which is not here");
    }

    @Test
    void aPlainListenerAMissingKafkaUserAWiderAclAndAnotherServicesPasswordAreReported() {
        Manifests manifests = copy();
        ObjectNode listener = (ObjectNode) manifests.get("Kafka", "crowd").path("spec").path("kafka").path("listeners").get(0);
        listener.put("tls", false);
        listener.remove("authentication");
        manifests.resources().remove(manifests.get("KafkaUser", "qa-service"));
        ObjectNode acl = ((ArrayNode) manifests.get("KafkaUser", "task-service").path("spec").path("authorization")
                .path("acls")).addObject();
        acl.putObject("resource").put("type", "topic").put("name", "crowd.quality").put("patternType", "literal");
        acl.putArray("operations").add("Write");
        for (JsonNode entry : env(manifests, "payment-service")) {
            if ("CROWD_KAFKA_PASSWORD".equals(entry.path("name").asText())) {
                ((ObjectNode) entry.path("valueFrom").path("secretKeyRef")).put("name", "task-service");
            }
        }

        assertThat(new KafkaAccessRules(manifests).problems()).containsExactlyInAnyOrder(
                "Kafka crowd listener tls is not TLS",
                "Kafka crowd listener tls does not authenticate clients",
                "no KafkaUser qa-service",
                "KafkaUser task-service may write topic crowd.quality, beyond what the service needs",
                "payment-service: CROWD_KAFKA_PASSWORD does not come from the Secret of KafkaUser payment-service");
    }

    @Test
    void aServiceOpenToOthersThanTheGatewayOrAnExposedAdminConsoleIsReported() {
        Manifests manifests = copy();
        ObjectNode taskPolicy = (ObjectNode) manifests.get("NetworkPolicy", "task-service-ingress");
        ((ArrayNode) taskPolicy.path("spec").path("ingress").get(0).path("from")).addObject()
                .putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "qa-service");
        ((ObjectNode) manifests.get("NetworkPolicy", "payment-service-ingress").path("spec").path("ingress").get(0))
                .remove("from");
        ((ObjectNode) manifests.get("NetworkPolicy", "worker-service-ingress").path("spec").path("podSelector")
                .path("matchLabels")).put("app.kubernetes.io/name", "nobody");
        ((ArrayNode) manifests.get("NetworkPolicy", "redis-ingress").path("spec").path("ingress").get(0).path("from"))
                .addObject().putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "qa-service");
        Manifests prod = new Manifests(new ArrayList<>(Kubectl.render("prod").resources().stream()
                .map(node -> (JsonNode) node.deepCopy()).toList()));
        ObjectNode keycloakPath = (ObjectNode) prod.get("Ingress", "crowd").path("spec").path("rules").get(1)
                .path("http").path("paths").get(0);
        keycloakPath.put("path", "/");

        assertThat(new ManifestRules(manifests).edge()).contains(
                "task-service: NetworkPolicy task-service-ingress admits qa-service",
                "payment-service: NetworkPolicy payment-service-ingress admits everyone",
                "worker-service: no NetworkPolicy limits who reaches it",
                "redis: NetworkPolicy redis-ingress admits qa-service");
        assertThat(new ManifestRules(prod).edge()).containsExactly(
                "Ingress crowd: exposes / of crowd-keycloak-service (only /realms/crowd/ and /resources/)");
    }
}

package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose/compose.yaml, read as YAML (no Docker needed). */
class ComposeFileTest {

    private static final Path DIRECTORY = Repository.path("deploy/compose");

    private static JsonNode compose() {
        return Repository.documents(DIRECTORY.resolve("compose.yaml")).getFirst();
    }

    @Test
    void referencesOnlyServicesPortsVariablesAndFilesThatExist() {
        assertThat(new ComposeRules(compose(), DIRECTORY).problems()).isEmpty();
    }

    @Test
    void brokenReferencesAreReported() {
        JsonNode compose = compose();
        ObjectNode services = (ObjectNode) compose.path("services");
        ObjectNode gateway = (ObjectNode) services.path("gateway");
        ((ObjectNode) gateway.path("environment")).put("CROWD_QA_URL", "http://qa-service:9999");
        ((ObjectNode) gateway.path("environment")).put("CROWD_WEB_SESSION_SECRET", "committed");
        ((ObjectNode) services.path("worker-service").path("environment")).remove("CROWD_KEYCLOAK_URL");
        ((ObjectNode) services.path("qa-service").path("depends_on")).putObject("zookeeper");
        services.remove("kafka-topics");

        assertThat(new ComposeRules(compose, DIRECTORY).problems()).contains(
                "gateway: CROWD_QA_URL=http://qa-service:9999: service qa-service does not expose 9999",
                "gateway: CROWD_WEB_SESSION_SECRET is not a required ${VARIABLE:?...} from the environment",
                "worker-service: CROWD_KEYCLOAK_URL is not set",
                "qa-service: depends on zookeeper, which is not a service",
                "kafka-topics does not create crowd.jobs with 12 partitions",
                "task-service: depends on kafka-topics, which is not a service");
    }

    private static String users() {
        return Repository.read(DIRECTORY.resolve("kafka/users.sh"));
    }

    @Test
    void eachServiceLogsInToKafkaAsItselfWithOnlyItsOwnRights() {
        assertThat(new ComposeRules(compose(), DIRECTORY).kafkaAccess(users())).isEmpty();
    }

    @Test
    void aMissingKafkaPasswordAndAWiderAclAreReported() {
        JsonNode compose = compose();
        ((ObjectNode) compose.path("services").path("qa-service").path("environment")).remove("CROWD_KAFKA_PASSWORD");
        String users = users().replace("allow task-service Read --topic crowd.payments\n", "")
                + "allow task-service Write --topic crowd.quality\n";

        assertThat(new ComposeRules(compose, DIRECTORY).kafkaAccess(users)).containsExactlyInAnyOrder(
                "qa-service: CROWD_KAFKA_PASSWORD is not set",
                "kafka/users.sh lacks: allow task-service Read --topic crowd.payments",
                "kafka/users.sh grants more than KafkaAccess: allow task-service Write --topic crowd.quality");
    }

    @Test
    void noDevelopmentRealmByDefaultAndRedisNeedsAPassword() {
        JsonNode services = compose().path("services");
        assertThat(services.path("keycloak").path("volumes").get(0).asText())
                .startsWith("${CROWD_REALM_FILE:?");
        assertThat(services.path("redis").path("command").toString())
                .contains("\"--requirepass\",\"${CROWD_REDIS_PASSWORD:?");
        for (String service : new String[] {"task-service", "gateway"}) {
            assertThat(ComposeRules.environment(services.path(service))).containsKey("CROWD_REDIS_PASSWORD");
        }
    }
}

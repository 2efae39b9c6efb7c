package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Strimzi topics of the base, read as YAML: runs without kubectl. */
class TopicsTest {

    private static Manifests kafka() {
        List<JsonNode> resources = new ArrayList<>(Repository.documents(Repository.path("deploy/kubernetes/base/kafka/kafka.yaml")));
        resources.addAll(Repository.documents(Repository.path("deploy/kubernetes/base/kafka/topics.yaml")));
        return new Manifests(resources);
    }

    @Test
    void everyTopicOfTheContractsAndEveryDeadLetterTopicHasItsPartitions() {
        assertThat(ManifestRules.expectedTopics()).contains("crowd.jobs", "crowd.work", "crowd.quality", "crowd.workers",
                "crowd.payments", "crowd.dlq.task-service", "crowd.dlq.worker-service", "crowd.dlq.qa-service",
                "crowd.dlq.payment-service");
        assertThat(new ManifestRules(kafka()).topics()).isEmpty();
    }

    @Test
    void theKafkaClusterRunsInKraftModeWithNodePools() {
        JsonNode cluster = kafka().get("Kafka", "crowd");

        assertThat(cluster.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(cluster.path("metadata").path("annotations").path("strimzi.io/node-pools").asText())
                .isEqualTo("enabled");
        assertThat(cluster.path("spec").has("zookeeper")).isFalse();
        assertThat(kafka().ofKind("KafkaNodePool")).singleElement().satisfies(pool -> assertThat(
                pool.path("spec").path("roles").toString()).contains("controller", "broker"));
    }
}

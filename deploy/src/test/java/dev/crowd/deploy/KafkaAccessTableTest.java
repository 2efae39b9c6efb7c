package dev.crowd.deploy;

import dev.crowd.contracts.Topics;
import dev.crowd.infra.KafkaAccess;
import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** KafkaAccess (local stack, tests' broker, the KafkaUser rules) follows what the services really consume. */
class KafkaAccessTableTest {

    @Test
    void eachServiceMayReadExactlyTheTopicsItsConfigurationConsumes() {
        assertThat(KafkaAccess.SERVICES.stream().map(KafkaAccess.Principal::name).toList())
                .containsExactlyInAnyOrderElementsOf(Repository.consumers());
        for (KafkaAccess.Principal service : KafkaAccess.SERVICES) {
            assertThat(new TreeSet<>(service.consumes())).as(service.name())
                    .containsExactlyElementsOf(new TreeSet<>(Repository.consumedTopics(service.name())));
        }
    }

    @Test
    void everyTopicHasExactlyOneWriterAndTheTopicsAreTheContracts() {
        for (String topic : Topics.EVENT_TYPES.keySet()) {
            assertThat(KafkaAccess.SERVICES.stream().filter(s -> s.owns().contains(topic))).as(topic).hasSize(1);
        }
        assertThat(KafkaAccess.topics()).containsExactlyInAnyOrderElementsOf(ManifestRules.expectedTopics());
    }
}

package dev.crowd.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deployment.md names what an operator must create and every topic with its consumers. */
class DeploymentGuideTest {

    private final String guide = Repository.read(Repository.path("docs/deployment.md"));

    @Test
    void namesEverySecretTheOperatorCreates() {
        assertThat(ManifestRules.OPERATOR_CREATED_SECRETS).allSatisfy(secret -> assertThat(guide).contains(secret));
    }

    @Test
    void namesEveryTopicAndEveryConsumerGroup() {
        assertThat(ManifestRules.expectedTopics()).allSatisfy(topic -> assertThat(guide).contains("`" + topic + "`"));
        assertThat(Repository.consumers()).allSatisfy(group -> assertThat(guide).contains(group));
    }
}

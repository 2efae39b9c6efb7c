package dev.crowd.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Real PostgreSQL (a fresh database), Redis, Kafka and token verification for a {@code @QuarkusTest}
 * application. One line on any test class of a module applies it to all of them:
 * <pre>{@code @WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)}</pre>
 */
public class CrowdInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        CrowdInfra.Database db = CrowdInfra.newDatabase();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("kafka.bootstrap.servers", CrowdInfra.kafkaBootstrap());
        config.put("quarkus.redis.hosts", CrowdInfra.redisUrl());
        if (CrowdInfra.redisPassword() != null) {
            config.put("quarkus.redis.password", CrowdInfra.redisPassword());
        }
        config.put("quarkus.oidc.public-key", TestTokens.publicKeyBase64());
        config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // Servers are shared by every application in this JVM and stop when it exits.
    }
}

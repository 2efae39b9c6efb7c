package dev.crowd.gateway;

import dev.crowd.testing.CrowdInfra;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * The part of the shared test infrastructure the gateway uses: the real Redis and token verification.
 * The gateway has no database and no Kafka, so it does not start them (CrowdInfraResource would).
 */
public class GatewayInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.redis.hosts", CrowdInfra.redisUrl(),
                // A Redis shared with earlier runs (CROWD_REDIS_URL) still holds their buckets.
                "crowd.gateway.rate-limit-key-prefix", "crowd-test-" + UUID.randomUUID() + ":ratelimit:",
                "quarkus.oidc.public-key", TestTokens.publicKeyBase64(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER));
        if (CrowdInfra.redisPassword() != null) {
            config.put("quarkus.redis.password", CrowdInfra.redisPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        // Redis is shared by the test JVM and stops when it exits.
    }
}

package dev.crowd.testing;

import dev.crowd.infra.KafkaAccess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Real PostgreSQL (a fresh database), Redis, Kafka and token verification for a {@code @QuarkusTest}
 * application. One line on any test class of a module applies it to all of them:
 * <pre>{@code @WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)}</pre>
 * The application talks to Kafka as its own principal (its {@code quarkus.application.name}), with the
 * ACLs it has in production; an application that is not one of the services (a library's test app)
 * gets the admin.
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
        String principal = KafkaAccess.service(applicationName()).map(KafkaAccess.Principal::name).orElse(KafkaAccess.ADMIN);
        CrowdInfra.kafkaClientConfig(principal).forEach((key, value) -> config.put("kafka." + key, value.toString()));
        config.putIfAbsent("kafka.security.protocol", "PLAINTEXT"); // an external broker without credentials
        config.put("quarkus.redis.hosts", CrowdInfra.redisUrl());
        if (CrowdInfra.redisPassword() != null) {
            config.put("quarkus.redis.password", CrowdInfra.redisPassword());
        }
        config.put("quarkus.oidc.public-key", TestTokens.publicKeyBase64());
        config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        return config;
    }

    /** The first {@code quarkus.application.name} on the classpath: test resources come before main ones. */
    static String applicationName() {
        try {
            for (URL url : Collections.list(Thread.currentThread().getContextClassLoader().getResources("application.properties"))) {
                Properties props = new Properties();
                try (InputStream in = url.openStream()) {
                    props.load(in);
                }
                String name = props.getProperty("quarkus.application.name");
                if (name != null && !name.isBlank()) {
                    return name.strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "";
    }

    @Override
    public void stop() {
        // Servers are shared by every application in this JVM and stop when it exits.
    }
}

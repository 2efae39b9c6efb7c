package dev.crowd.testing;

import dev.crowd.infra.KafkaAccess;
import dev.crowd.infra.KafkaBroker;
import dev.crowd.infra.PostgresServer;
import dev.crowd.infra.RedisNode;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real servers a test JVM shares, each started on first use and stopped when the JVM exits.
 * Environment variables switch a component to an external server:
 * <ul>
 *   <li>{@code CROWD_PG_URL}, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres}: each test
 *       application gets a fresh database there, dropped at exit;</li>
 *   <li>{@code CROWD_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379};</li>
 *   <li>{@code CROWD_KAFKA_BOOTSTRAP}, e.g. {@code 127.0.0.1:19092}, with {@code CROWD_KAFKA_SECRETS} the
 *       directory of its {@code <principal>.password} files (the local stack's {@code .crowd/secrets/kafka});
 *       without it the external broker is used unauthenticated.</li>
 * </ul>
 * The in-JVM broker is the local stack's: SASL/SCRAM-SHA-512 on every listener and the ACLs of
 * {@link KafkaAccess}, so a service under test runs as its own principal.
 */
public final class CrowdInfra {

    /** Where a test application's database lives. */
    public record Database(String host, int port, String name, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<Runnable> CLEANUP = new ArrayList<>();
    private static PostgresServer postgres;
    private static RedisNode redis;
    private static KafkaBroker kafka;
    private static String kafkaBootstrap;
    private static Map<String, String> kafkaPasswords;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CrowdInfra::stopAll, "crowd-infra-stop"));
    }

    /** A new, empty database for one test application. */
    public static synchronized Database newDatabase() {
        String name = "crowd_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String external = System.getenv("CROWD_PG_URL");
        try {
            if (external != null && !external.isBlank()) {
                return externalDatabase(URI.create(external.replaceFirst("^jdbc:", "")), name);
            }
            if (postgres == null) {
                postgres = PostgresServer.start(0, null);
            }
            postgres.createDatabase(name);
            return new Database(postgres.host(), postgres.port(), name, PostgresServer.USER, "");
        } catch (Exception e) {
            throw new IllegalStateException("cannot provide a PostgreSQL database", e);
        }
    }

    private static Database externalDatabase(URI uri, String name) throws SQLException {
        String user = "postgres";
        String password = "";
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String admin = "jdbc:postgresql://" + uri.getHost() + ":" + port + (uri.getPath().isEmpty() ? "/postgres" : uri.getPath());
        try (Connection c = DriverManager.getConnection(admin, user, password); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        String finalUser = user;
        String finalPassword = password;
        CLEANUP.add(() -> {
            try (Connection c = DriverManager.getConnection(admin, finalUser, finalPassword);
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        });
        return new Database(uri.getHost(), port, name, user, password);
    }

    public static synchronized String redisUrl() {
        String external = System.getenv("CROWD_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (redis == null) {
            try {
                // Like every other Redis of the platform, the tests' one asks for a password.
                redis = RedisNode.start(0, null, java.util.UUID.randomUUID().toString().replace("-", ""));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start Redis", e);
            }
        }
        return redis.url();
    }

    /** The password of {@link #redisUrl()}'s server: CROWD_REDIS_PASSWORD with CROWD_REDIS_URL, else the one made here. */
    public static synchronized String redisPassword() {
        String external = System.getenv("CROWD_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return System.getenv("CROWD_REDIS_PASSWORD");
        }
        redisUrl();
        return redis.password();
    }

    public static synchronized String kafkaBootstrap() {
        if (kafkaBootstrap != null) {
            return kafkaBootstrap;
        }
        String external = System.getenv("CROWD_KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            String secrets = System.getenv("CROWD_KAFKA_SECRETS");
            try {
                kafkaPasswords = secrets == null || secrets.isBlank() ? null : KafkaBroker.passwords(Path.of(secrets));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read Kafka passwords from " + secrets, e);
            }
            kafkaBootstrap = external;
            return kafkaBootstrap;
        }
        try {
            // few partitions: every test application creates consumers for all of them
            kafka = KafkaBroker.start(0, 0, null, 4, KafkaBroker.randomPasswords());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka", e);
        }
        kafkaPasswords = new HashMap<>();
        KafkaAccess.principalNames().forEach(name -> kafkaPasswords.put(name, kafka.password(name)));
        kafkaBootstrap = kafka.bootstrap();
        return kafkaBootstrap;
    }

    /**
     * Client settings (bootstrap and SASL) for one principal of {@link KafkaAccess}: a service's name or
     * {@value KafkaAccess#ADMIN}, the super user tests use to play the other services.
     */
    public static synchronized Map<String, Object> kafkaClientConfig(String principal) {
        String bootstrap = kafkaBootstrap();
        if (kafkaPasswords == null) {
            return new HashMap<>(Map.of("bootstrap.servers", bootstrap));
        }
        String password = kafkaPasswords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return KafkaAccess.clientConfig(bootstrap, principal, password);
    }

    /** The super user's client settings: tests that produce or read any topic directly. */
    public static Map<String, Object> kafkaAdminConfig() {
        return kafkaClientConfig(KafkaAccess.ADMIN);
    }

    /** A client for producing and consuming records in tests (as the admin). Close it when done. */
    public static KafkaCompanion kafkaCompanion() {
        KafkaCompanion companion = new KafkaCompanion(kafkaBootstrap());
        Map<String, Object> config = kafkaAdminConfig();
        config.remove("bootstrap.servers");
        companion.setCommonClientConfig(config);
        return companion;
    }

    private static synchronized void stopAll() {
        CLEANUP.forEach(Runnable::run);
        try {
            if (kafka != null) {
                kafka.close();
            }
            if (redis != null) {
                redis.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (Exception e) {
            System.err.println("infrastructure did not stop cleanly: " + e.getMessage());
        }
    }

    private CrowdInfra() {
    }
}

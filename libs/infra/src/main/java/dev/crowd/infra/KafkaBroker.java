package dev.crowd.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real KRaft broker (combined broker and controller) in this JVM, with SASL/SCRAM-SHA-512 on every
 * listener, the controller's included, and {@code StandardAuthorizer} ACLs from {@link KafkaAccess}.
 * The admin's SCRAM credential is written when the storage is formatted; the services' credentials,
 * the topics and the ACLs are (re)applied through the Admin API at every start, so a changed password
 * file takes effect on the next start.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String SCRAM_MARKER = "crowd-scram-bootstrapped";

    private final KafkaRaftServer server;
    private final Path data;
    private final boolean temporary;
    private final int port;
    private final Map<String, String> passwords;

    private KafkaBroker(KafkaRaftServer server, Path data, boolean temporary, int port, Map<String, String> passwords) {
        this.server = server;
        this.data = data;
        this.temporary = temporary;
        this.port = port;
        this.passwords = passwords;
    }

    /**
     * Starts a broker on 127.0.0.1. Ports 0 pick free ones; a null data directory is a temporary one,
     * deleted on close. {@code passwords} holds every principal of {@link KafkaAccess#principalNames()}.
     */
    public static KafkaBroker start(int port, int controllerPort, Path data, int partitions,
                                    Map<String, String> passwords) throws Exception {
        for (String name : KafkaAccess.principalNames()) {
            if (passwords.get(name) == null || passwords.get(name).isBlank()) {
                throw new IllegalArgumentException("no Kafka password for " + name);
            }
        }
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("crowd-kafka") : data;
        Files.createDirectories(dir);
        int brokerPort = port == 0 ? freePort() : port;
        int controller = controllerPort == 0 ? freePort() : controllerPort;
        Properties props = properties(brokerPort, controller, dir, partitions, passwords.get(KafkaAccess.ADMIN));
        if (!Files.exists(dir.resolve("meta.properties"))) {
            format(props, passwords.get(KafkaAccess.ADMIN));
            Files.writeString(dir.resolve(SCRAM_MARKER), "admin SCRAM credential written at format time\n");
        } else if (!Files.exists(dir.resolve(SCRAM_MARKER))) {
            // formatted by an older version without credentials: nobody could log in as the admin
            throw new IllegalStateException("the Kafka data in " + dir + " predates broker authentication;"
                    + " delete that directory (its topics are recreated empty) and start again");
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, dir, temporary, brokerPort, Map.copyOf(passwords));
        try {
            broker.applyAccess(partitions);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static Properties properties(int port, int controllerPort, Path dir, int partitions, String adminPassword) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "BROKER://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "BROKER");
        p.put("listener.security.protocol.map", "BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
        p.put("sasl.mechanism.controller.protocol", KafkaAccess.MECHANISM);
        // the node logs in as the admin on both listeners (to itself: combined mode)
        String jaas = KafkaAccess.jaas(KafkaAccess.ADMIN, adminPassword);
        p.put("listener.name.broker.scram-sha-512.sasl.jaas.config", jaas);
        p.put("listener.name.controller.scram-sha-512.sasl.jaas.config", jaas);
        p.put("listener.name.controller.sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + KafkaAccess.ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        // the platform's topics are created by the admin at start; auto-creation needs CREATE, which only
        // the admin has (tests' ad-hoc topics)
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", String.valueOf(Math.min(partitions, 12)));
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** Formats the storage with the admin's SCRAM credential (KIP-900), so it can log in from the start. */
    private static void format(Properties props, String adminPassword) throws IOException {
        Path config = Files.createTempFile("crowd-kafka", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, null);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString(), "--add-scram",
                    KafkaAccess.MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password=" + adminPassword + "]"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (status != 0) {
                throw new IOException("could not format Kafka storage: " + output.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /** Upserts every service's SCRAM credential, creates missing topics, then the ACLs (all idempotent). */
    private void applyAccess(int partitions) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
            for (KafkaAccess.Principal service : KafkaAccess.SERVICES) {
                credentials.add(new UserScramCredentialUpsertion(service.name(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwords.get(service.name())));
            }
            admin.alterUserScramCredentials(List.copyOf(credentials)).all().get();
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = KafkaAccess.topics().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            admin.createAcls(KafkaAccess.allBindings()).all().get();
            awaitApplied(admin);
        }
    }

    /**
     * The controller acknowledges credentials and ACLs once they are in the metadata log; the broker's
     * authenticator and authorizer apply them a moment later. A client that connects in between is refused
     * (a test's first send saw TopicAuthorizationException), so wait until the broker serves all of them.
     */
    private void awaitApplied(Admin admin) throws Exception {
        Set<AclBinding> wanted = new HashSet<>(KafkaAccess.allBindings());
        List<String> users = KafkaAccess.SERVICES.stream().map(KafkaAccess.Principal::name).toList();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean acls = admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(wanted);
            boolean scram = admin.describeUserScramCredentials(users).all().get().keySet().containsAll(users);
            if (acls && scram) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not apply its credentials and ACLs within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** Admin client settings (super user): setup, tests and the dead-letters tool. */
    public Map<String, Object> adminConfig() {
        return KafkaAccess.clientConfig(bootstrap(), KafkaAccess.ADMIN, passwords.get(KafkaAccess.ADMIN));
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String password(String principal) {
        return passwords.get(principal);
    }

    /**
     * Each principal's password from {@code dir/<principal>.password}; a missing file gets a new random
     * password (owner-only permissions). Local stack only: deployments take them from their secrets.
     */
    public static Map<String, String> passwords(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> passwords = new HashMap<>();
        for (String name : KafkaAccess.principalNames()) {
            Path file = dir.resolve(name + ".password");
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, randomPassword() + "\n");
            }
            passwords.put(name, Files.readString(file).strip());
        }
        return passwords;
    }

    /** A fresh random password for every principal (tests). */
    public static Map<String, String> randomPasswords() {
        Map<String, String> passwords = new HashMap<>();
        KafkaAccess.principalNames().forEach(name -> passwords.put(name, randomPassword()));
        return passwords;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}

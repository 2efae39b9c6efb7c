package dev.crowd.infra;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what on the broker (docs/security.md, "Events and the broker"): one SCRAM-SHA-512
 * principal per service, which may write only the topics it owns and its own dead-letter topic, and
 * read only the topics it consumes, with its own consumer group. {@value #ADMIN} is the super user
 * for setup and the dead-letters tool. The Kubernetes {@code KafkaUser} resources mirror this table
 * (deploy-checks compare them).
 */
public final class KafkaAccess {

    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public static final String JOBS = "crowd.jobs";
    public static final String WORK = "crowd.work";
    public static final String QUALITY = "crowd.quality";
    public static final String WORKERS = "crowd.workers";
    public static final String PAYMENTS = "crowd.payments";

    /** A service's principal: its name is also its consumer group and the suffix of its dead-letter topic. */
    public record Principal(String name, List<String> owns, List<String> consumes) {
        public String deadLetterTopic() {
            return "crowd.dlq." + name;
        }

        /** Topics it may write: what it owns, and its dead letters. */
        public List<String> writes() {
            List<String> topics = new ArrayList<>(owns);
            topics.add(deadLetterTopic());
            return topics;
        }

        /** Topics it may read: what it consumes, and its dead letters. */
        public List<String> reads() {
            List<String> topics = new ArrayList<>(consumes);
            topics.add(deadLetterTopic());
            return topics;
        }
    }

    /** The README's events table; consumed topics are each service's {@code mp.messaging.incoming.*}. */
    public static final List<Principal> SERVICES = List.of(
            new Principal("task-service", List.of(JOBS, WORK), List.of(PAYMENTS, QUALITY, WORKERS)),
            new Principal("worker-service", List.of(WORKERS), List.of(QUALITY)),
            new Principal("qa-service", List.of(QUALITY), List.of(JOBS, WORK, WORKERS)),
            new Principal("payment-service", List.of(PAYMENTS), List.of(JOBS, QUALITY, WORKERS)));

    /** Every principal the broker knows: the services and {@value #ADMIN}. */
    public static List<String> principalNames() {
        List<String> names = new ArrayList<>(SERVICES.stream().map(Principal::name).toList());
        names.add(ADMIN);
        return names;
    }

    public static Optional<Principal> service(String name) {
        return SERVICES.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every topic the platform uses: the event topics and one dead-letter topic per service. */
    public static List<String> topics() {
        List<String> topics = new ArrayList<>(List.of(JOBS, WORK, QUALITY, WORKERS, PAYMENTS));
        SERVICES.forEach(p -> topics.add(p.deadLetterTopic()));
        return topics;
    }

    /**
     * The ACLs of one service. WRITE implies DESCRIBE, and since Kafka 3.0 (KIP-679) WRITE on a topic is
     * enough for the idempotent producer: no cluster-wide IDEMPOTENT_WRITE is granted.
     */
    public static List<AclBinding> bindings(Principal principal) {
        String user = "User:" + principal.name();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : principal.writes()) {
            acls.add(allow(ResourceType.TOPIC, topic, user, AclOperation.WRITE));
        }
        for (String topic : principal.reads()) {
            acls.add(allow(ResourceType.TOPIC, topic, user, AclOperation.READ));
        }
        acls.add(allow(ResourceType.GROUP, principal.name(), user, AclOperation.READ));
        return acls;
    }

    public static List<AclBinding> allBindings() {
        return SERVICES.stream().flatMap(p -> bindings(p).stream()).toList();
    }

    private static AclBinding allow(ResourceType type, String name, String user, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }

    /** The JAAS line a client (or the broker for itself) logs in with. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";";
    }

    /** Client settings for {@code user} on a SASL_PLAINTEXT listener (loopback: local stack and tests). */
    public static Map<String, Object> clientConfig(String bootstrap, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", jaas(user, password));
        return config;
    }

    private KafkaAccess() {
    }
}

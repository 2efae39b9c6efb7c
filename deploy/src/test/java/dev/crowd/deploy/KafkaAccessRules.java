package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crowd.infra.KafkaAccess;
import org.apache.kafka.common.acl.AclBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka on Kubernetes as docs/security.md describes it: every listener TLS and authenticated, simple
 * authorization, a KafkaUser per service whose ACLs are exactly {@link KafkaAccess}'s (the table the
 * local stack and the tests' broker apply), and each service logging in as its own user.
 */
final class KafkaAccessRules {

    private final Manifests manifests;

    KafkaAccessRules(Manifests manifests) {
        this.manifests = manifests;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode kafka : manifests.ofKind("Kafka")) {
            String cluster = Manifests.name(kafka);
            JsonNode spec = kafka.path("spec").path("kafka");
            for (JsonNode listener : spec.path("listeners")) {
                String name = listener.path("name").asText();
                if (!listener.path("tls").asBoolean()) {
                    problems.add("Kafka " + cluster + " listener " + name + " is not TLS");
                }
                String authentication = listener.path("authentication").path("type").asText();
                if (!Set.of("scram-sha-512", "tls").contains(authentication)) {
                    problems.add("Kafka " + cluster + " listener " + name + " does not authenticate clients");
                }
            }
            if (!"simple".equals(spec.path("authorization").path("type").asText())) {
                problems.add("Kafka " + cluster + " has no simple authorization: any client may write any topic");
            }
            if (spec.path("config").path("allow.everyone.if.no.acl.found").asBoolean(false)) {
                problems.add("Kafka " + cluster + " allows everyone when no ACL is found");
            }
        }
        for (KafkaAccess.Principal service : KafkaAccess.SERVICES) {
            Optional<JsonNode> user = manifests.find("KafkaUser", service.name());
            if (user.isEmpty()) {
                problems.add("no KafkaUser " + service.name());
            } else {
                user(service, user.get(), problems);
            }
            manifests.find("Deployment", service.name()).ifPresent(d -> credentials(service, d, problems));
        }
        return problems;
    }

    private static void user(KafkaAccess.Principal service, JsonNode user, List<String> problems) {
        String name = service.name();
        if (!"scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
            problems.add("KafkaUser " + name + " does not authenticate with scram-sha-512");
        }
        Set<String> expected = new TreeSet<>();
        for (AclBinding binding : KafkaAccess.bindings(service)) {
            expected.add(acl(binding.pattern().resourceType().name(), binding.pattern().name(),
                    binding.entry().operation().name()));
        }
        Set<String> granted = new TreeSet<>();
        JsonNode authorization = user.path("spec").path("authorization");
        if (!"simple".equals(authorization.path("type").asText())) {
            problems.add("KafkaUser " + name + " has no simple authorization");
        }
        for (JsonNode rule : authorization.path("acls")) {
            if ("deny".equalsIgnoreCase(rule.path("type").asText("allow"))) {
                continue;
            }
            JsonNode resource = rule.path("resource");
            if (!"literal".equals(resource.path("patternType").asText("literal"))) {
                problems.add("KafkaUser " + name + " has a " + resource.path("patternType").asText()
                        + " ACL on " + resource.path("name").asText() + ": name each resource");
            }
            List<String> operations = new ArrayList<>();
            rule.path("operations").forEach(op -> operations.add(op.asText()));
            if (rule.has("operation")) {
                operations.add(rule.path("operation").asText());
            }
            for (String operation : operations) {
                if (!operation.equalsIgnoreCase("Describe")) { // implied by Read and Write
                    granted.add(acl(resource.path("type").asText(), resource.path("name").asText(), operation));
                }
            }
        }
        for (String missing : difference(expected, granted)) {
            problems.add("KafkaUser " + name + " may not " + missing);
        }
        for (String extra : difference(granted, expected)) {
            problems.add("KafkaUser " + name + " may " + extra + ", beyond what the service needs");
        }
    }

    private static void credentials(KafkaAccess.Principal service, JsonNode deployment, List<String> problems) {
        String name = service.name();
        JsonNode env = Manifests.mainContainer(deployment).path("env");
        String user = value(env, "CROWD_KAFKA_USERNAME");
        if (!name.equals(user)) {
            problems.add(name + ": CROWD_KAFKA_USERNAME is " + user + ", not its KafkaUser " + name);
        }
        String secret = null;
        for (JsonNode entry : env) {
            if ("CROWD_KAFKA_PASSWORD".equals(entry.path("name").asText())) {
                secret = entry.path("valueFrom").path("secretKeyRef").path("name").asText(null);
            }
        }
        if (!name.equals(secret)) {
            problems.add(name + ": CROWD_KAFKA_PASSWORD does not come from the Secret of KafkaUser " + name);
        }
        if (!"SASL_SSL".equals(value(env, "CROWD_KAFKA_SECURITY_PROTOCOL"))) {
            problems.add(name + ": CROWD_KAFKA_SECURITY_PROTOCOL is not SASL_SSL");
        }
    }

    private static String value(JsonNode env, String variable) {
        for (JsonNode entry : env) {
            if (variable.equals(entry.path("name").asText())) {
                return entry.path("value").asText(null);
            }
        }
        return null;
    }

    private static String acl(String type, String resource, String operation) {
        return operation.toLowerCase(Locale.ROOT) + " " + type.toLowerCase(Locale.ROOT) + " " + resource;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}

package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crowd.contracts.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules for deploy/compose/compose.yaml: it references only services, ports, variables and files that exist. */
final class ComposeRules {

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("^\\$\\{[A-Z0-9_]+:\\?[^}]*}$");
    private static final Pattern DEFAULTED_PATH = Pattern.compile("^\\$\\{[A-Z0-9_]+:-([^}]+)}$");

    private final JsonNode compose;
    private final Path directory;

    ComposeRules(JsonNode compose, Path directory) {
        this.compose = compose;
        this.directory = directory;
    }

    private JsonNode services() {
        return compose.path("services");
    }

    /** A service's environment as a map, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode env = service.path("environment");
        if (env.isArray()) {
            for (JsonNode entry : env) {
                String[] pair = entry.asText().split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        } else {
            env.fields().forEachRemaining(field -> environment.put(field.getKey(), field.getValue().asText()));
        }
        return environment;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            JsonNode definition = services().path(service);
            if (definition.isMissingNode()) {
                problems.add(service + ": not in the compose file");
                continue;
            }
            if (!definition.path("image").asText().matches("^.+/" + Pattern.quote(service) + ":.+$")) {
                problems.add(service + ": image " + definition.path("image").asText() + " is not .../" + service + ":<tag>");
            }
            if (!exposes(definition, String.valueOf(Repository.httpPort(service)))) {
                problems.add(service + ": does not expose its HTTP port " + Repository.httpPort(service));
            }
            Map<String, String> environment = environment(definition);
            for (String variable : Repository.requiredEnvironment(service).keySet()) {
                if (!environment.containsKey(variable)) {
                    problems.add(service + ": " + variable + " is not set");
                }
            }
        }
        services().fields().forEachRemaining(entry -> check(entry.getKey(), entry.getValue(), problems));
        String topicsCommand = services().path("kafka-topics").path("command").toString();
        for (String topic : ManifestRules.expectedTopics()) {
            if (!topicsCommand.contains("--topic " + topic + " --partitions " + Topics.DEFAULT_PARTITIONS + " ")) {
                problems.add("kafka-topics does not create " + topic + " with " + Topics.DEFAULT_PARTITIONS
                        + " partitions");
            }
        }
        return problems;
    }

    private void check(String name, JsonNode definition, List<String> problems) {
        environment(definition).forEach((variable, value) -> {
            if (Repository.isSecret(variable) && !REQUIRED_VARIABLE.matcher(value).matches()) {
                problems.add(name + ": " + variable + " is not a required ${VARIABLE:?...} from the environment");
            } else {
                String problem = unresolvedAddress(value);
                if (problem != null) {
                    problems.add(name + ": " + variable + "=" + value + ": " + problem);
                }
            }
        });
        JsonNode dependsOn = definition.path("depends_on");
        List<String> dependencies = new ArrayList<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(dependency -> dependencies.add(dependency.asText()));
        } else {
            dependsOn.fieldNames().forEachRemaining(dependencies::add);
        }
        for (String dependency : dependencies) {
            if (!services().has(dependency)) {
                problems.add(name + ": depends on " + dependency + ", which is not a service");
            }
        }
        for (JsonNode port : definition.path("ports")) {
            String[] mapping = port.asText().split(":");
            if (!exposes(definition, mapping[mapping.length - 1])) {
                problems.add(name + ": publishes container port " + mapping[mapping.length - 1] + ", which it does not expose");
            }
        }
        for (JsonNode volume : definition.path("volumes")) {
            String source = volume.asText().split(":")[0];
            Matcher defaulted = DEFAULTED_PATH.matcher(volume.asText().substring(0, volume.asText().indexOf("}") + 1));
            if (volume.asText().startsWith("${") && defaulted.matches()) {
                source = defaulted.group(1);
            } else if (volume.asText().startsWith("${") && REQUIRED_VARIABLE.matcher(
                    volume.asText().substring(0, volume.asText().indexOf("}") + 1)).matches()) {
                continue; // a file the operator must name (no default)
            }
            if (source.startsWith(".") || source.startsWith("/")) {
                if (!Files.exists(directory.resolve(source).normalize())) {
                    problems.add(name + ": mounts " + source + ", which does not exist");
                }
            } else if (!compose.path("volumes").has(source)) {
                problems.add(name + ": mounts volume " + source + ", which is not declared");
            }
        }
    }

    private String unresolvedAddress(String value) {
        Optional<Address> address = Address.parse(value);
        if (address.isEmpty()) {
            return null;
        }
        String host = address.get().host();
        String port = String.valueOf(address.get().port());
        JsonNode target = services().path(host);
        if (target.isMissingNode()) {
            return "no service " + host;
        }
        return exposes(target, port) ? null : "service " + host + " does not expose " + port;
    }

    private static boolean exposes(JsonNode service, String port) {
        for (JsonNode exposed : service.path("expose")) {
            if (exposed.asText().equals(port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kafka: each consuming service logs in as itself with a password from the environment, and
     * {@code users} (kafka/users.sh) grants exactly {@link dev.crowd.infra.KafkaAccess}'s ACLs.
     */
    List<String> kafkaAccess(String users) {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (dev.crowd.infra.KafkaAccess.Principal principal : dev.crowd.infra.KafkaAccess.SERVICES) {
            String service = principal.name();
            Map<String, String> environment = environment(services().path(service));
            if (!service.equals(environment.get("CROWD_KAFKA_USERNAME"))) {
                problems.add(service + ": CROWD_KAFKA_USERNAME is not " + service);
            }
            if (!environment.containsKey("CROWD_KAFKA_PASSWORD")) {
                problems.add(service + ": CROWD_KAFKA_PASSWORD is not set");
            }
            if (!users.contains("\nuser " + service + " ")) {
                problems.add("kafka/users.sh creates no user " + service);
            }
            dev.crowd.infra.KafkaAccess.bindings(principal).forEach(binding -> expected.add("allow " + service + " "
                    + capitalized(binding.entry().operation().name()) + " --"
                    + binding.pattern().resourceType().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + binding.pattern().name()));
        }
        java.util.Set<String> granted = new java.util.TreeSet<>(users.lines().filter(l -> l.startsWith("allow ")).toList());
        for (String missing : expected) {
            if (!granted.contains(missing)) {
                problems.add("kafka/users.sh lacks: " + missing);
            }
        }
        for (String extra : granted) {
            if (!expected.contains(extra)) {
                problems.add("kafka/users.sh grants more than KafkaAccess: " + extra);
            }
        }
        return problems;
    }

    private static String capitalized(String operation) {
        return operation.charAt(0) + operation.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crowd.contracts.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural rules for rendered manifests. Each rule returns the problems it finds (empty: the rule holds), so
 * a test can show that a rule catches a broken manifest as well as that the real overlays pass it.
 */
final class ManifestRules {

    /** Secrets that the Strimzi, CloudNativePG or Keycloak operators do not create: the operator of the platform does. */
    static final Set<String> OPERATOR_CREATED_SECRETS = Set.of("crowd-keycloak-clients", "crowd-gateway-web", "crowd-tls",
            "crowd-redis");

    private final Manifests manifests;

    ManifestRules(Manifests manifests) {
        this.manifests = manifests;
    }

    /** Every service: a Deployment with health probes, requests and limits, its image and its port. */
    List<String> deployments(boolean releaseImages) {
        List<String> problems = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            Optional<JsonNode> deployment = manifests.find("Deployment", service);
            if (deployment.isEmpty()) {
                problems.add(service + ": no Deployment");
                continue;
            }
            JsonNode container = Manifests.mainContainer(deployment.get());
            int port = Repository.httpPort(service);
            if (!containerPorts(container).contains(String.valueOf(port))) {
                problems.add(service + ": container does not expose its HTTP port " + port);
            }
            probe(service, container, "readinessProbe", "/q/health/ready", problems);
            probe(service, container, "livenessProbe", "/q/health/live", problems);
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(bound).path(resource).asText("").isBlank()) {
                        problems.add(service + ": no resources." + bound + "." + resource);
                    }
                }
            }
            long requested = bytes(container.path("resources").path("requests").path("memory").asText("0"));
            long limit = bytes(container.path("resources").path("limits").path("memory").asText("0"));
            if (limit > 0 && requested > limit) {
                problems.add(service + ": memory request above its limit");
            }
            String image = container.path("image").asText("");
            Matcher reference = Pattern.compile("^[a-z0-9.\\-]+(?:/[a-z0-9.\\-]+)*/" + Pattern.quote(service)
                    + ":([A-Za-z0-9._-]+)$").matcher(image);
            if (!reference.matches()) {
                problems.add(service + ": image " + image + " is not <registry>/<group>/" + service + ":<tag>");
            } else if (releaseImages && (reference.group(1).contains("SNAPSHOT") || reference.group(1).equals("latest"))) {
                problems.add(service + ": image " + image + " is not a release tag");
            }
        }
        return problems;
    }

    private static void probe(String service, JsonNode container, String kind, String path, List<String> problems) {
        JsonNode get = container.path(kind).path("httpGet");
        if (!path.equals(get.path("path").asText())) {
            problems.add(service + ": " + kind + " is not an HTTP GET of " + path);
        } else if (!containerPorts(container).contains(get.path("port").asText())) {
            problems.add(service + ": " + kind + " targets port " + get.path("port").asText()
                    + ", which the container does not expose");
        }
    }

    /**
     * Every service gets the variables its configuration needs outside the local stack; secrets only through
     * secretKeyRef to a Secret an operator creates; every address names something that exists.
     */
    List<String> environment() {
        List<String> problems = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            Optional<JsonNode> deployment = manifests.find("Deployment", service);
            if (deployment.isEmpty()) {
                continue;
            }
            JsonNode env = Manifests.mainContainer(deployment.get()).path("env");
            for (String variable : Repository.requiredEnvironment(service).keySet()) {
                JsonNode entry = variable(env, variable);
                if (entry == null) {
                    problems.add(service + ": " + variable + " is not set");
                } else if (Repository.isSecret(variable) && !entry.path("valueFrom").has("secretKeyRef")) {
                    problems.add(service + ": " + variable + " is a literal, not a secretKeyRef");
                }
            }
            for (JsonNode entry : env) {
                String name = entry.path("name").asText();
                JsonNode secret = entry.path("valueFrom").path("secretKeyRef");
                if (!secret.isMissingNode()) {
                    String secretName = secret.path("name").asText();
                    if (!secretExists(secretName)) {
                        problems.add(service + ": " + name + " reads Secret " + secretName + ", which nothing creates");
                    }
                } else if (entry.has("value")) {
                    String problem = unresolvedAddress(entry.path("value").asText());
                    if (problem != null) {
                        problems.add(service + ": " + name + "=" + entry.path("value").asText() + ": " + problem);
                    }
                }
            }
            String database = Repository.database(service);
            if (database != null) {
                JsonNode host = variable(env, "CROWD_PG_HOST");
                String secret = host == null ? "" : host.path("valueFrom").path("secretKeyRef").path("name").asText();
                Optional<JsonNode> cluster = secret.endsWith("-app")
                        ? manifests.find("Cluster", secret.substring(0, secret.length() - "-app".length()))
                        : Optional.empty();
                if (cluster.isEmpty()) {
                    problems.add(service + ": CROWD_PG_HOST does not come from a CloudNativePG cluster's app Secret");
                } else if (!database.equals(cluster.get().path("spec").path("bootstrap").path("initdb")
                        .path("database").asText())) {
                    problems.add(service + ": cluster " + Manifests.name(cluster.get()) + " does not create database "
                            + database);
                }
            }
        }
        return problems;
    }

    private static JsonNode variable(JsonNode env, String name) {
        for (JsonNode entry : env) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        return null;
    }

    private boolean secretExists(String name) {
        if (OPERATOR_CREATED_SECRETS.contains(name) || manifests.find("KafkaUser", name).isPresent()) {
            return true; // Strimzi's User Operator creates a KafkaUser's Secret under the user's name
        }
        return name.endsWith("-app")
                && manifests.find("Cluster", name.substring(0, name.length() - "-app".length())).isPresent();
    }

    /** Null when the value is not an address or names an existing Service port; else the problem. */
    String unresolvedAddress(String value) {
        Optional<Address> address = Address.parse(value);
        if (address.isEmpty()) {
            return null;
        }
        String host = address.get().host();
        int port = address.get().port();
        Optional<JsonNode> service = manifests.find("Service", host);
        if (service.isPresent()) {
            for (JsonNode servicePort : service.get().path("spec").path("ports")) {
                if (servicePort.path("port").asInt() == port) {
                    return null;
                }
            }
            return "Service " + host + " has no port " + port;
        }
        for (JsonNode kafka : manifests.ofKind("Kafka")) {
            if (host.equals(Manifests.name(kafka) + "-kafka-bootstrap")) {
                for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                    if (listener.path("port").asInt() == port) {
                        return null;
                    }
                }
                return "Kafka " + Manifests.name(kafka) + " has no listener on " + port;
            }
        }
        for (JsonNode keycloak : manifests.ofKind("Keycloak")) {
            if (host.equals(Manifests.name(keycloak) + "-service")) {
                JsonNode http = keycloak.path("spec").path("http");
                int keycloakPort = http.path("httpPort").asInt(8080);
                return http.path("httpEnabled").asBoolean() && keycloakPort == port ? null
                        : "Keycloak " + Manifests.name(keycloak) + " serves no plain HTTP on " + port;
            }
        }
        return "no Service, Kafka bootstrap or Keycloak service named " + host;
    }

    /** Every Service selects a workload and targets ports its container exposes. */
    List<String> services() {
        List<String> problems = new ArrayList<>();
        for (JsonNode service : manifests.ofKind("Service")) {
            String name = Manifests.name(service);
            List<JsonNode> workloads = workloads().stream()
                    .filter(workload -> Manifests.selects(service.path("spec").path("selector"), workload))
                    .toList();
            if (workloads.isEmpty()) {
                problems.add("Service " + name + " selects no Deployment or StatefulSet");
                continue;
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asText(port.path("port").asText());
                for (JsonNode workload : workloads) {
                    if (!containerPorts(Manifests.mainContainer(workload)).contains(target)) {
                        problems.add("Service " + name + " targets port " + target + ", which "
                                + Manifests.name(workload) + " does not expose");
                    }
                }
            }
        }
        for (JsonNode ingress : manifests.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    String port = backend.path("port").has("number") ? backend.path("port").path("number").asText()
                            : backend.path("port").path("name").asText();
                    if (!serviceHasPort(backend.path("name").asText(), port)) {
                        problems.add("Ingress " + Manifests.name(ingress) + " routes to " + backend.path("name").asText()
                                + ":" + port + ", which does not exist");
                    }
                }
            }
        }
        return problems;
    }

    private boolean serviceHasPort(String name, String port) {
        Optional<JsonNode> service = manifests.find("Service", name);
        if (service.isPresent()) {
            for (JsonNode servicePort : service.get().path("spec").path("ports")) {
                if (port.equals(servicePort.path("port").asText()) || port.equals(servicePort.path("name").asText())) {
                    return true;
                }
            }
            return false;
        }
        return port.matches("\\d+") && unresolvedAddress(name + ":" + port) == null;
    }

    private List<JsonNode> workloads() {
        List<JsonNode> workloads = new ArrayList<>(manifests.ofKind("Deployment"));
        workloads.addAll(manifests.ofKind("StatefulSet"));
        return workloads;
    }

    /** Every service has an HPA and a PDB on its Deployment; consumers scale at most to the partition count. */
    List<String> scaling() {
        List<String> problems = new ArrayList<>();
        Set<String> consumers = Set.copyOf(Repository.consumers());
        for (String service : Repository.SERVICES) {
            if (manifests.ofKind("HorizontalPodAutoscaler").stream()
                    .noneMatch(hpa -> service.equals(hpa.path("spec").path("scaleTargetRef").path("name").asText()))) {
                problems.add(service + ": no HorizontalPodAutoscaler");
            }
            if (manifests.ofKind("PodDisruptionBudget").stream().noneMatch(pdb -> manifests.find("Deployment", service)
                    .map(deployment -> Manifests.selects(pdb.path("spec").path("selector").path("matchLabels"), deployment))
                    .orElse(false))) {
                problems.add(service + ": no PodDisruptionBudget");
            }
        }
        for (JsonNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
            JsonNode spec = hpa.path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText();
            if (!"Deployment".equals(spec.path("scaleTargetRef").path("kind").asText())
                    || manifests.find("Deployment", target).isEmpty()) {
                problems.add("HPA " + Manifests.name(hpa) + " scales " + target + ", which is no Deployment here");
            }
            if (manifests.find("Deployment", target).map(deployment -> deployment.path("spec").has("replicas"))
                    .orElse(false)) {
                problems.add("Deployment " + target + " fixes its replicas, which HPA " + Manifests.name(hpa) + " owns");
            }
            int min = spec.path("minReplicas").asInt(1);
            int max = spec.path("maxReplicas").asInt();
            if (min < 1 || min > max) {
                problems.add("HPA " + Manifests.name(hpa) + ": replicas " + min + ".." + max);
            }
            if (consumers.contains(target) && max > Topics.DEFAULT_PARTITIONS) {
                problems.add("HPA " + Manifests.name(hpa) + ": " + max + " replicas, more than the "
                        + Topics.DEFAULT_PARTITIONS + " partitions a consumer group can spread over");
            }
        }
        for (JsonNode pdb : manifests.ofKind("PodDisruptionBudget")) {
            JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
            if (workloads().stream().noneMatch(workload -> Manifests.selects(selector, workload))) {
                problems.add("PDB " + Manifests.name(pdb) + " selects no workload");
            }
        }
        return problems;
    }

    /** No Secret is committed: every one is created by an operator or by whoever runs the platform. */
    List<String> secrets() {
        List<String> problems = new ArrayList<>();
        for (JsonNode secret : manifests.ofKind("Secret")) {
            if (secret.has("data") || secret.has("stringData")) {
                problems.add("Secret " + Manifests.name(secret) + " carries values");
            }
        }
        return problems;
    }

    /** Every topic of Topics and every consumer's dead-letter topic, with its partitions, on an existing cluster. */
    List<String> topics() {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> declared = new java.util.HashMap<>();
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(Manifests.name(topic));
            declared.put(name, topic);
            String cluster = topic.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (manifests.find("Kafka", cluster).isEmpty()) {
                problems.add("KafkaTopic " + name + " belongs to Kafka cluster '" + cluster + "', which is not here");
            }
        }
        for (String topic : expectedTopics()) {
            JsonNode declaration = declared.get(topic);
            if (declaration == null) {
                problems.add("topic " + topic + " is not declared");
            } else if (declaration.path("spec").path("partitions").asInt() != Topics.DEFAULT_PARTITIONS) {
                problems.add("topic " + topic + " has " + declaration.path("spec").path("partitions").asInt()
                        + " partitions, not " + Topics.DEFAULT_PARTITIONS);
            }
        }
        for (String service : Repository.consumers()) {
            for (String consumed : Repository.consumedTopics(service)) {
                if (!declared.containsKey(consumed)) {
                    problems.add(service + " consumes " + consumed + ", which is not declared");
                }
            }
        }
        for (JsonNode kafka : manifests.ofKind("Kafka")) {
            int brokers = 0;
            for (JsonNode pool : manifests.ofKind("KafkaNodePool")) {
                if (Manifests.name(kafka).equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                        && pool.path("spec").path("roles").toString().contains("broker")) {
                    brokers += pool.path("spec").path("replicas").asInt();
                }
            }
            JsonNode config = kafka.path("spec").path("kafka").path("config");
            int replication = config.path("default.replication.factor").asInt(1);
            if (brokers < replication) {
                problems.add("Kafka " + Manifests.name(kafka) + ": replication factor " + replication + " on " + brokers
                        + " brokers");
            }
            if (config.path("min.insync.replicas").asInt(1) > replication) {
                problems.add("Kafka " + Manifests.name(kafka) + ": min.insync.replicas above the replication factor");
            }
        }
        return problems;
    }

    /** The topics the contracts name plus the dead-letter topic of each consuming service. */
    static Set<String> expectedTopics() {
        Set<String> topics = new TreeSet<>(Topics.EVENT_TYPES.keySet());
        Repository.consumers().forEach(service -> topics.add(Topics.deadLetter(service)));
        return topics;
    }

    /** The realm import targets the Keycloak here; prod has no demo users, passwords or password-grant client. */
    List<String> keycloak(boolean production) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> imports = manifests.ofKind("KeycloakRealmImport");
        if (imports.isEmpty()) {
            problems.add("no KeycloakRealmImport");
        }
        for (JsonNode realmImport : imports) {
            String keycloak = realmImport.path("spec").path("keycloakCRName").asText();
            if (manifests.find("Keycloak", keycloak).isEmpty()) {
                problems.add("realm import targets Keycloak " + keycloak + ", which is not here");
            }
            for (JsonNode placeholder : realmImport.path("spec").path("placeholders")) {
                if (!secretExists(placeholder.path("secret").path("name").asText())) {
                    problems.add("realm placeholder reads unknown Secret " + placeholder.path("secret").path("name"));
                }
            }
            JsonNode realm = realmImport.path("spec").path("realm");
            if (production) {
                for (JsonNode user : realm.path("users")) {
                    if (user.has("credentials")) {
                        problems.add("realm user " + user.path("username").asText() + " has credentials");
                    }
                }
                for (JsonNode client : realm.path("clients")) {
                    if (client.path("directAccessGrantsEnabled").asBoolean()) {
                        problems.add("client " + client.path("clientId").asText() + " allows the password grant");
                    }
                    String secret = client.path("secret").asText("");
                    if (!secret.isEmpty() && !secret.startsWith("${")) {
                        problems.add("client " + client.path("clientId").asText() + " has a literal secret");
                    }
                }
            }
        }
        for (JsonNode keycloak : manifests.ofKind("Keycloak")) {
            JsonNode db = keycloak.path("spec").path("db");
            for (String secret : List.of(db.path("usernameSecret").path("name").asText(),
                    db.path("passwordSecret").path("name").asText())) {
                if (!secretExists(secret)) {
                    problems.add("Keycloak " + Manifests.name(keycloak) + " reads unknown Secret " + secret);
                }
            }
            // CloudNativePG serves a cluster's primary as the Service <cluster>-rw
            String host = db.path("host").asText();
            Optional<JsonNode> cluster = host.endsWith("-rw")
                    ? manifests.find("Cluster", host.substring(0, host.length() - "-rw".length()))
                    : Optional.empty();
            if (cluster.isEmpty()) {
                problems.add("Keycloak database host " + host + " is no CloudNativePG cluster's primary");
            } else if (!db.path("database").asText().equals(
                    cluster.get().path("spec").path("bootstrap").path("initdb").path("database").asText())) {
                problems.add("Keycloak database " + db.path("database").asText() + " is not created by " + host);
            }
        }
        return problems;
    }

    /** Every resource in the overlay's namespace. */
    /**
     * The edge is the only door: every service but the gateway is reached only by the gateway and Prometheus,
     * Redis only by task-service and the gateway (NetworkPolicies), and an Ingress to Keycloak exposes only the
     * realm's endpoints and static files, never the admin console.
     */
    List<String> edge() {
        List<String> problems = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            if (!service.equals("gateway")) {
                admittedOnly(service, Set.of("gateway", "prometheus"), problems);
            }
        }
        admittedOnly("redis", Set.of("task-service", "gateway"), problems);
        for (JsonNode ingress : manifests.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String service = path.path("backend").path("service").path("name").asText();
                    String prefix = path.path("path").asText("/");
                    if (service.contains("keycloak") && !(prefix.startsWith("/realms/crowd/") || prefix.startsWith("/resources/"))) {
                        problems.add("Ingress " + Manifests.name(ingress) + ": exposes " + prefix + " of " + service
                                + " (only /realms/crowd/ and /resources/)");
                    }
                }
            }
        }
        return problems;
    }

    private void admittedOnly(String target, Set<String> allowed, List<String> problems) {
        JsonNode workload = manifests.find("Deployment", target).or(() -> manifests.find("StatefulSet", target)).orElse(null);
        if (workload == null) {
            problems.add(target + ": no workload");
            return;
        }
        boolean covered = false;
        for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
            if (!Manifests.selects(policy.path("spec").path("podSelector").path("matchLabels"), workload)) {
                continue;
            }
            covered = true;
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (rule.path("from").isEmpty()) {
                    problems.add(target + ": NetworkPolicy " + Manifests.name(policy) + " admits everyone");
                }
                for (JsonNode peer : rule.path("from")) {
                    String name = peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText("");
                    boolean prometheus = name.equals("prometheus") && !peer.path("namespaceSelector").isMissingNode();
                    if (!allowed.contains(name) || (name.equals("prometheus") && !prometheus)
                            || (!name.equals("prometheus") && !peer.path("namespaceSelector").isMissingNode())
                            || !peer.path("ipBlock").isMissingNode()) {
                        problems.add(target + ": NetworkPolicy " + Manifests.name(policy) + " admits "
                                + (name.isEmpty() ? peer.toString() : name));
                    }
                }
            }
        }
        if (!covered) {
            problems.add(target + ": no NetworkPolicy limits who reaches it");
        }
    }

    List<String> namespace(String expected) {
        List<String> problems = new ArrayList<>();
        for (JsonNode resource : manifests.resources()) {
            if (!expected.equals(resource.path("metadata").path("namespace").asText())) {
                problems.add(resource.path("kind").asText() + " " + Manifests.name(resource) + " is not in " + expected);
            }
        }
        return problems;
    }

    private static Set<String> containerPorts(JsonNode container) {
        Set<String> ports = new TreeSet<>();
        for (JsonNode port : container.path("ports")) {
            ports.add(port.path("containerPort").asText());
            if (port.has("name")) {
                ports.add(port.path("name").asText());
            }
        }
        return ports;
    }

    /** Kubernetes memory quantities (Ki, Mi, Gi, plain bytes) in bytes. */
    static long bytes(String quantity) {
        Matcher matcher = Pattern.compile("^(\\d+)(Ki|Mi|Gi|Ti)?$").matcher(quantity);
        if (!matcher.matches()) {
            return 0;
        }
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (unit) {
            case "Ki" -> value << 10;
            case "Mi" -> value << 20;
            case "Gi" -> value << 30;
            case "Ti" -> value << 40;
            default -> value;
        };
    }
}

package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository as the checks see it: YAML files, the services' configuration, their build output. */
final class Repository {

    /** The five services, each with a Deployment named after it. */
    static final List<String> SERVICES = List.of("task-service", "worker-service", "qa-service", "payment-service",
            "gateway");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(CROWD_[A-Z0-9_]+):([^}]*)}");
    private static final Pattern DATABASE_URL = Pattern.compile("postgresql://[^/]+/([a-z0-9_]+)");

    private Repository() {
    }

    /** The repository root (the checks run with deploy/ as working directory). */
    static Path root() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.exists(here.resolve("kubernetes")) ? here.getParent() : here;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** Every document of a (multi-document) YAML text, empty documents left out. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<JsonNode> documents(Path file) {
        return documents(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's application.properties. */
    static Properties properties(String service) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * The environment variables a service must be given outside the local stack: those whose defaults in its
     * application.properties only fit the local stack (a loopback address, a local-development secret, the
     * local PostgreSQL account and port). Test-profile keys are left out. Value: the local default.
     */
    static Map<String, String> requiredEnvironment(String service) {
        Map<String, String> required = new LinkedHashMap<>();
        properties(service).forEach((key, value) -> {
            if (key.toString().startsWith("%test.")) {
                return;
            }
            Matcher reference = ENV_REFERENCE.matcher(value.toString());
            while (reference.find()) {
                String name = reference.group(1);
                String fallback = reference.group(2);
                if (fallback.contains("127.0.0.1") || fallback.contains("localhost") || isSecret(name)
                        || name.startsWith("CROWD_PG_")) {
                    required.put(name, fallback);
                }
            }
        });
        return required;
    }

    /** Variables that must come from a secret store, never as a literal value. */
    static boolean isSecret(String variable) {
        return variable.contains("SECRET") || variable.contains("PASSWORD");
    }

    /** The database a service connects to (from its reactive URL), or null for the gateway. */
    static String database(String service) {
        for (var entry : properties(service).entrySet()) {
            if (entry.getKey().toString().endsWith("quarkus.datasource.reactive.url")) {
                Matcher url = DATABASE_URL.matcher(entry.getValue().toString());
                if (url.find()) {
                    return url.group(1);
                }
            }
        }
        return null;
    }

    /** Services that consume Kafka topics, and so own a dead-letter topic. */
    static List<String> consumers() {
        return SERVICES.stream()
                .filter(service -> properties(service).stringPropertyNames().stream()
                        .anyMatch(key -> key.startsWith("mp.messaging.incoming.")))
                .toList();
    }

    /** The topics a service consumes. */
    static List<String> consumedTopics(String service) {
        Properties properties = properties(service);
        return properties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic"))
                .map(properties::getProperty)
                .sorted()
                .toList();
    }

    /** The port a service listens on (the default of its quarkus.http.port). */
    static int httpPort(String service) {
        String value = properties(service).getProperty("quarkus.http.port");
        Matcher reference = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(value);
        return Integer.parseInt(reference.matches() ? reference.group(1) : value);
    }
}

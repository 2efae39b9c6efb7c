package dev.crowd.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** A list of Kubernetes resources with look-ups by kind and name. */
record Manifests(List<JsonNode> resources) {

    static Manifests of(String yaml) {
        return new Manifests(Repository.documents(yaml));
    }

    List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(resource -> name.equals(name(resource))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** The first container of a workload (Deployment, StatefulSet) named like the workload, else its first. */
    static JsonNode mainContainer(JsonNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        for (JsonNode container : containers) {
            if (container.path("name").asText().equals(name(workload))) {
                return container;
            }
        }
        return containers.path(0);
    }

    /** Whether every label of {@code selector} is on the workload's pod template. */
    static boolean selects(JsonNode selector, JsonNode workload) {
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        if (selector.size() == 0) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var label = fields.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}

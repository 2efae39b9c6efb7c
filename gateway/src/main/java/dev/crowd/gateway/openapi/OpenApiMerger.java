package dev.crowd.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the services' OpenAPI documents into one document for the gateway: each service's paths are
 * prefixed with its route ({@code /jobs} of tasks becomes {@code /api/tasks/jobs}), operations without
 * a tag get the route's name as tag, and components are merged by name; when two services define
 * different components under one name, the later one is renamed {@code <route>_<Name>} and that
 * service's {@code $ref}s are rewritten. Pure JSON-tree logic, no I/O.
 */
public final class OpenApiMerger {

    /** One service's document (null when the service could not be asked). */
    public record Source(String route, String prefix, ObjectNode spec) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    public static ObjectNode merge(List<Source> sources, String title, String version) {
        ObjectNode merged = NODES.objectNode();
        String openapi = sources.stream().filter(s -> s.spec() != null && s.spec().hasNonNull("openapi"))
                .map(s -> s.spec().get("openapi").asText()).findFirst().orElse("3.0.3");
        merged.put("openapi", openapi);
        ObjectNode info = merged.putObject("info");
        info.put("title", title);
        info.put("version", version);
        merged.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = NODES.objectNode();
        ArrayNode tags = NODES.arrayNode();
        Set<String> tagNames = new HashSet<>();
        Set<String> operationIds = new HashSet<>();
        Map<String, JsonNode> security = new LinkedHashMap<>();
        ArrayNode unavailable = NODES.arrayNode();
        StringBuilder description = new StringBuilder("All Crowd services behind the gateway. Routes: ");

        for (Source source : sources) {
            description.append(source.prefix()).append(" (").append(source.route()).append(") ");
            if (source.spec() == null) {
                unavailable.add(source.route());
                continue;
            }
            ObjectNode spec = source.spec().deepCopy();
            mergeComponents(spec, components, source.route());
            JsonNode specPaths = spec.path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = specPaths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                String target = source.prefix() + (path.getKey().equals("/") ? "" : path.getKey());
                ObjectNode item = ((ObjectNode) path.getValue()).deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> ops = item.fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (METHODS.contains(op.getKey()) && op.getValue() instanceof ObjectNode operation) {
                        adjustOperation(operation, source.route(), operationIds);
                    }
                }
                paths.set(target, item);
            }
            for (JsonNode tag : spec.path("tags")) {
                if (tag.hasNonNull("name") && tagNames.add(tag.get("name").asText())) {
                    tags.add(tag);
                }
            }
            for (JsonNode requirement : spec.path("security")) {
                security.putIfAbsent(requirement.toString(), requirement);
            }
        }
        if (!tags.isEmpty()) {
            merged.set("tags", tags);
        }
        if (!components.isEmpty()) {
            merged.set("components", components);
        }
        if (!security.isEmpty()) {
            ArrayNode array = merged.putArray("security");
            security.values().forEach(array::add);
        }
        if (!unavailable.isEmpty()) {
            description.append(". Not available when this document was made: ");
            unavailable.forEach(n -> description.append(n.asText()).append(' '));
            merged.set("x-crowd-unavailable", unavailable);
        }
        info.put("description", description.toString().trim());
        return merged;
    }

    private static void adjustOperation(ObjectNode operation, String route, Set<String> operationIds) {
        if (!operation.has("tags") || operation.get("tags").isEmpty()) {
            operation.putArray("tags").add(route);
        }
        if (operation.hasNonNull("operationId")) {
            String id = operation.get("operationId").asText();
            if (!operationIds.add(id)) {
                String renamed = route + "_" + id;
                operationIds.add(renamed);
                operation.put("operationId", renamed);
            }
        }
    }

    /** Adds {@code spec}'s components to {@code target}, renaming clashes and rewriting {@code spec}'s refs. */
    private static void mergeComponents(ObjectNode spec, ObjectNode target, String route) {
        Map<String, String> renames = new HashMap<>();
        JsonNode components = spec.path("components");
        // First decide the names (refs between components must be rewritten before they are copied).
        for (Iterator<Map.Entry<String, JsonNode>> sections = components.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            JsonNode existing = target.path(section.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> it = section.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> component = it.next();
                JsonNode already = existing.get(component.getKey());
                if (already != null && !already.equals(component.getValue())) {
                    String base = "#/components/" + section.getKey() + "/";
                    renames.put(base + component.getKey(), base + route + "_" + component.getKey());
                }
            }
        }
        if (!renames.isEmpty()) {
            rewriteRefs(spec, renames);
        }
        for (Iterator<Map.Entry<String, JsonNode>> sections = spec.path("components").fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            ObjectNode into = target.has(section.getKey()) ? (ObjectNode) target.get(section.getKey())
                    : target.putObject(section.getKey());
            String base = "#/components/" + section.getKey() + "/";
            for (Iterator<Map.Entry<String, JsonNode>> it = section.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> component = it.next();
                String renamed = renames.get(base + component.getKey());
                String name = renamed != null ? renamed.substring(base.length()) : component.getKey();
                if (!into.has(name)) {
                    into.set(name, component.getValue());
                }
            }
        }
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renames) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && renames.containsKey(ref.asText())) {
                object.set("$ref", TextNode.valueOf(renames.get(ref.asText())));
            }
            object.forEach(child -> rewriteRefs(child, renames));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteRefs(child, renames));
        }
    }

    private OpenApiMerger() {
    }
}

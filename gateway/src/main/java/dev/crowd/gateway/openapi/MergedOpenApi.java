package dev.crowd.gateway.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crowd.gateway.client.ServiceClient;
import dev.crowd.gateway.proxy.Upstream;
import dev.crowd.gateway.proxy.Upstreams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks every service for its {@code /q/openapi} and merges them; the result is kept for a short while
 * so a Swagger UI page load does not fan out to every service each time.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final Duration KEEP = Duration.ofSeconds(30);

    private record Cached(ObjectNode spec, Instant until) {
    }

    private final Upstreams upstreams;
    private final ServiceClient services;
    private final ObjectMapper json;
    private final String version;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    public MergedOpenApi(Upstreams upstreams, ServiceClient services, ObjectMapper json,
                         @ConfigProperty(name = "quarkus.application.version", defaultValue = "0") String version) {
        this.upstreams = upstreams;
        this.services = services;
        this.json = json;
        this.version = version;
    }

    public Uni<ObjectNode> get() {
        Cached cached = cache.get();
        if (cached != null && Instant.now().isBefore(cached.until()) && !cached.spec().has("x-crowd-unavailable")) {
            return Uni.createFrom().item(cached.spec());
        }
        List<Uni<OpenApiMerger.Source>> fetches = upstreams.all().stream().map(this::fetch).toList();
        return Uni.join().all(fetches).andFailFast()
                .map(sources -> OpenApiMerger.merge(sources, "Crowd API", version))
                .invoke(MergedOpenApi::ensureBearerScheme)
                .invoke(spec -> cache.set(new Cached(spec, Instant.now().plus(KEEP))));
    }

    /** Lets Swagger UI's "Authorize" take a Keycloak access token when no service declared a scheme. */
    private static void ensureBearerScheme(ObjectNode spec) {
        ObjectNode components = spec.has("components") ? (ObjectNode) spec.get("components") : spec.putObject("components");
        ObjectNode schemes = components.has("securitySchemes") ? (ObjectNode) components.get("securitySchemes")
                : components.putObject("securitySchemes");
        if (schemes.isEmpty()) {
            schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                    .put("description", "A Keycloak access token of realm crowd");
            spec.putArray("security").addObject().putArray("bearer");
        }
    }

    private Uni<OpenApiMerger.Source> fetch(Upstream upstream) {
        return services.get(upstream.name(), "/q/openapi?format=json", null)
                .map(reply -> {
                    if (!reply.ok()) {
                        LOG.warnf("OpenAPI of %s answered %d", upstream.name(), reply.status());
                        return new OpenApiMerger.Source(upstream.name(), upstream.prefix(), null);
                    }
                    try {
                        return new OpenApiMerger.Source(upstream.name(), upstream.prefix(),
                                (ObjectNode) json.readTree(reply.body().getBytes()));
                    } catch (Exception e) {
                        LOG.warnf("OpenAPI of %s is not a JSON object: %s", upstream.name(), e.getMessage());
                        return new OpenApiMerger.Source(upstream.name(), upstream.prefix(), null);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("OpenAPI of %s unavailable: %s", upstream.name(), e.getMessage());
                    return new OpenApiMerger.Source(upstream.name(), upstream.prefix(), null);
                });
    }
}

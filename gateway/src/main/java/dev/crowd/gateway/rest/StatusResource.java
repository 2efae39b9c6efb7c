package dev.crowd.gateway.rest;

import dev.crowd.gateway.client.ServiceClient;
import dev.crowd.gateway.proxy.Upstream;
import dev.crowd.gateway.proxy.Upstreams;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Whether each service behind the gateway is ready. Separate from the gateway's own health: a service
 * being down must not take the gateway out of rotation.
 */
@Path("/api/status")
@Tag(name = "gateway")
public class StatusResource {

    /** One service's readiness as the gateway sees it. */
    public record ServiceStatus(String route, String prefix, String url, String status, Integer httpStatus,
                                String detail) {
    }

    /** UP when every service is ready, DEGRADED otherwise. */
    public record PlatformStatus(String status, List<ServiceStatus> services) {
    }

    private final Upstreams upstreams;
    private final ServiceClient services;

    public StatusResource(Upstreams upstreams, ServiceClient services) {
        this.upstreams = upstreams;
        this.services = services;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Readiness of each service behind the gateway")
    @APIResponse(responseCode = "200", description = "Each route with UP or DOWN; overall UP or DEGRADED")
    public Uni<PlatformStatus> status() {
        List<Uni<ServiceStatus>> checks = upstreams.all().stream().map(this::check).toList();
        return Uni.join().all(checks).andFailFast().map(list -> new PlatformStatus(
                list.stream().allMatch(s -> s.status().equals("UP")) ? "UP" : "DEGRADED", list));
    }

    private Uni<ServiceStatus> check(Upstream upstream) {
        return services.get(upstream.name(), "/q/health/ready", null)
                .map(reply -> new ServiceStatus(upstream.name(), upstream.prefix(), upstream.url().toString(),
                        reply.ok() ? "UP" : "DOWN", reply.status(), null))
                .onFailure().recoverWithItem(e -> new ServiceStatus(upstream.name(), upstream.prefix(),
                        upstream.url().toString(), "DOWN", null, e.getMessage()));
    }
}

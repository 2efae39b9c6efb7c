package dev.crowd.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crowd.gateway.openapi.MergedOpenApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The whole platform's API in one OpenAPI document, and Swagger UI on it. */
@Path("/openapi")
@Tag(name = "gateway")
public class OpenApiResource {

    private final MergedOpenApi merged;
    private final Template swagger;

    public OpenApiResource(MergedOpenApi merged, @Location("swagger.html") Template swagger) {
        this.merged = merged;
        this.swagger = swagger;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Merged OpenAPI of every service",
            description = "Each service's /q/openapi with its paths prefixed by its gateway route. Services that "
                    + "cannot be reached are listed in x-crowd-unavailable.")
    @APIResponse(responseCode = "200", description = "The merged OpenAPI document")
    public Uni<ObjectNode> openapi() {
        return merged.get();
    }

    @GET
    @Path("/ui")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Swagger UI on the merged OpenAPI")
    @APIResponse(responseCode = "200", description = "An HTML page")
    public TemplateInstance ui() {
        return swagger.instance();
    }
}

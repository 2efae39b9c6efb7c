package dev.crowd.worker.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The old {@code /workers/me} routes ({@code /api/workers/workers/me} at the gateway), kept for one release:
 * a 308 to the same path under {@code /me}, query included. 308 keeps the method and the body, so a PUT
 * or POST is repeated as such. The gateway rewrites the Location to its own {@code /api/workers/me...}.
 */
@Path("/workers/me")
@Tag(name = "Annotator profile")
public class LegacyMeRedirects {

    static final int PERMANENT_REDIRECT = 308;

    @GET
    @Operation(summary = "Deprecated: moved to /me (308)", deprecated = true)
    public Response get(@Context UriInfo uri) {
        return moved(uri, "");
    }

    @PUT
    @Operation(summary = "Deprecated: moved to /me (308)", deprecated = true)
    public Response put(@Context UriInfo uri) {
        return moved(uri, "");
    }

    @GET
    @Path("/{rest: .+}")
    @Operation(summary = "Deprecated: moved to /me/... (308)", deprecated = true)
    public Response getSub(@Context UriInfo uri, @PathParam("rest") String rest) {
        return moved(uri, "/" + rest);
    }

    @PUT
    @Path("/{rest: .+}")
    @Operation(summary = "Deprecated: moved to /me/... (308)", deprecated = true)
    public Response putSub(@Context UriInfo uri, @PathParam("rest") String rest) {
        return moved(uri, "/" + rest);
    }

    @POST
    @Path("/{rest: .+}")
    @Operation(summary = "Deprecated: moved to /me/... (308)", deprecated = true)
    public Response postSub(@Context UriInfo uri, @PathParam("rest") String rest) {
        return moved(uri, "/" + rest);
    }

    @DELETE
    @Path("/{rest: .+}")
    @Operation(summary = "Deprecated: moved to /me/... (308)", deprecated = true)
    public Response deleteSub(@Context UriInfo uri, @PathParam("rest") String rest) {
        return moved(uri, "/" + rest);
    }

    private static Response moved(UriInfo uri, String rest) {
        String query = uri.getRequestUri().getRawQuery();
        String target = "/me" + rest + (query == null ? "" : "?" + query);
        // A plain header: Response.location() would make it absolute with this service's own address.
        return Response.status(PERMANENT_REDIRECT).header(HttpHeaders.LOCATION, target).build();
    }
}

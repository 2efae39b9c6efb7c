package dev.crowd.gateway.ui;

import dev.crowd.platform.security.CurrentUser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** The landing page, and the signed-in user's start page by role. */
@Path("/")
@Tag(name = "web UI")
@Produces(MediaType.TEXT_HTML)
public class HomeResource {

    private final Template home;
    private final SecurityIdentity identity;

    public HomeResource(@Location("home.html") Template home, SecurityIdentity identity) {
        this.home = home;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Landing page")
    @APIResponse(responseCode = "200", description = "HTML")
    public TemplateInstance landing() {
        return home.data("signedIn", !identity.isAnonymous());
    }

    @GET
    @Path("ui")
    @Authenticated
    @Operation(summary = "After sign-in: the console of the user's role")
    @APIResponse(responseCode = "303", description = "To /ui/work, /ui/jobs or /ui/admin")
    public Response start() {
        String target = identity.hasRole(CurrentUser.ADMIN) ? "/ui/admin"
                : identity.hasRole(CurrentUser.REQUESTER) ? "/ui/jobs"
                : "/ui/work";
        return Response.seeOther(URI.create(target)).build();
    }
}

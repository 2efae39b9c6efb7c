package dev.crowd.gateway.ui;

import dev.crowd.gateway.client.ServiceClient;
import dev.crowd.platform.security.CurrentUser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The admin console: workforce overview with the trust histogram, the workers table with filters,
 * sanctions and reinstatement, the appeals queue, and the ledger check.
 */
@Path("/ui/admin")
@Tag(name = "web UI")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminConsoleResource {

    private final Template admin;
    private final ServiceClient services;
    private final Caller caller;

    public AdminConsoleResource(@Location("admin.html") Template admin, ServiceClient services, Caller caller) {
        this.admin = admin;
        this.services = services;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Admin console")
    @APIResponse(responseCode = "200", description = "HTML")
    public Uni<TemplateInstance> page() {
        String token = caller.token();
        Uni<ServiceClient.Reply> overview = services.get("workers", "/admin/workforce", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> workers = services.get("workers", "/workers", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> appeals = services.get("workers", "/admin/appeals", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> rejections = services.get("qa", "/appeals", token).onFailure().recoverWithNull();
        return Uni.combine().all().unis(overview, workers, appeals, rejections).asTuple().map(t -> admin
                .data("rejectionAppeals", ServiceClient.Reply.succeeded(t.getItem4()) ? t.getItem4().list() : List.of())
                .data("user", caller.name())
                .data("overview", ServiceClient.Reply.succeeded(t.getItem1()) ? t.getItem1().map() : null)
                .data("workers", ServiceClient.Reply.succeeded(t.getItem2()) ? t.getItem2().list() : List.of())
                .data("appeals", ServiceClient.Reply.succeeded(t.getItem3()) ? t.getItem3().list() : List.of())
                .data("filter", Map.of()));
    }

    @GET
    @Path("workers")
    @Operation(summary = "Workers table filtered by status and trust (fragment)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> workers(@QueryParam("status") String status, @QueryParam("minTrust") String minTrust,
                                         @QueryParam("skill") String skill) {
        StringBuilder query = new StringBuilder("/workers?size=100");
        append(query, "status", status);
        append(query, "minTrust", minTrust);
        append(query, "skill", skill);
        return services.get("workers", query.toString(), caller.token())
                .map(reply -> admin.getFragment("workers")
                        .data("workers", reply.ok() ? reply.list() : List.of())
                        .data("problem", reply.ok() ? null : reply.problemDetail()));
    }

    @POST
    @Path("workers/{id}/sanctions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Sanction a worker (fragment with the outcome)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> sanction(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        JsonObject body = new JsonObject()
                .put("action", form.getFirst("action"))
                .put("scope", form.getFirst("scope") == null ? "PLATFORM" : form.getFirst("scope"))
                .put("reason", form.getFirst("reason"));
        return services.postJson("workers", "/workers/" + encode(id) + "/sanctions", caller.token(), body)
                .map(reply -> outcome(reply, "Sanction recorded"));
    }

    @POST
    @Path("workers/{id}/reinstate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Reinstate a worker (fragment with the outcome)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> reinstate(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        JsonObject body = new JsonObject().put("reason", form.getFirst("reason"));
        return services.postJson("workers", "/workers/" + encode(id) + "/reinstate", caller.token(), body)
                .map(reply -> outcome(reply, "Worker reinstated"));
    }

    @POST
    @Path("appeals/{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Decide an appeal (fragment with the outcome)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> decide(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        JsonObject body = new JsonObject()
                .put("accept", "true".equals(form.getFirst("accept")))
                .put("resolution", form.getFirst("resolution"));
        return services.postJson("workers", "/admin/appeals/" + encode(id) + "/decision", caller.token(), body)
                .map(reply -> outcome(reply, "Decision recorded"));
    }

    @POST
    @Path("rejection-appeals/{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Decide an appeal against a rejected answer: UPHOLD or DENY (fragment with the outcome)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> decideRejection(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        JsonObject body = new JsonObject()
                .put("outcome", "UPHOLD".equals(form.getFirst("outcome")) ? "UPHOLD" : "DENY")
                .put("comment", form.getFirst("comment"));
        return services.postJson("qa", "/appeals/" + encode(id) + "/decision", caller.token(), body)
                .map(reply -> outcome(reply, "Decision recorded"));
    }

    @GET
    @Path("ledger")
    @Operation(summary = "Run the ledger check (fragment)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> ledger() {
        return services.get("payments", "/admin/ledger/check", caller.token())
                .map(reply -> admin.getFragment("ledger")
                        .data("report", reply.ok() ? reply.map() : null)
                        .data("problem", reply.ok() ? null : reply.problemDetail()));
    }

    private TemplateInstance outcome(ServiceClient.Reply reply, String success) {
        return admin.getFragment("outcome").data("ok", reply.ok())
                .data("message", reply.ok() ? success : reply.problemDetail())
                .data("errors", reply.fieldErrors());
    }


    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(encode(value.trim()));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

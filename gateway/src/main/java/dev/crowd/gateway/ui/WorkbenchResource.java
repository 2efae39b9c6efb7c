package dev.crowd.gateway.ui;

import dev.crowd.gateway.client.ServiceClient;
import dev.crowd.platform.security.CurrentUser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The annotator workbench: standing, earnings, claim a micro-job, label its items one at a time with the
 * label set's hotkeys (a progress indicator and the lease countdown on screen), submit; sanctions and
 * appeals.
 */
@Path("/ui/work")
@Tag(name = "web UI")
@RolesAllowed(CurrentUser.ANNOTATOR)
@Produces(MediaType.TEXT_HTML)
public class WorkbenchResource {

    private final Template work;
    private final ServiceClient services;
    private final Caller caller;

    public WorkbenchResource(@Location("work.html") Template work, ServiceClient services, Caller caller) {
        this.work = work;
        this.services = services;
        this.caller = caller;
    }

    /**
     * {@code ?job=<id>} keeps every claim of this page on one job (a link a requester hands to their
     * annotators); without it the annotator gets the next micro-job of any job.
     */
    @GET
    @Operation(summary = "Annotator workbench")
    @APIResponse(responseCode = "200", description = "HTML")
    public Uni<TemplateInstance> page(@QueryParam("job") String job) {
        String token = caller.token();
        Uni<ServiceClient.Reply> me = services.get("workers", "/me", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> account = services.get("payments", "/accounts/me", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> sanctions = services.get("workers", "/me/sanctions", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> appeals = services.get("workers", "/me/appeals", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> quality = services.get("qa", "/workers/me/quality", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> rejections = services.get("qa", "/appeals", token).onFailure().recoverWithNull();
        return Uni.combine().all().unis(me, account, sanctions, appeals, quality, rejections).asTuple().map(t -> work
                .data("job", blankToNull(job))
                .data("rejectionAppeals", ServiceClient.Reply.succeeded(t.getItem6()) ? t.getItem6().list() : List.of())
                .data("quality", ServiceClient.Reply.succeeded(t.getItem5()) ? t.getItem5().map() : null)
                .data("user", caller.name())
                .data("me", ServiceClient.Reply.succeeded(t.getItem1()) ? t.getItem1().map() : null)
                .data("accounts", ServiceClient.Reply.succeeded(t.getItem2()) ? t.getItem2().map().get("accounts") : null)
                .data("sanctions", ServiceClient.Reply.succeeded(t.getItem3()) ? t.getItem3().list() : List.of())
                .data("appeals", ServiceClient.Reply.succeeded(t.getItem4()) ? t.getItem4().list() : List.of()));
    }

    @POST
    @Path("next")
    @Operation(summary = "Claim the next micro-job, of one job with ?job=, and show it (fragment)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> next(@QueryParam("job") String job) {
        caller.requirePageRequest();
        String only = blankToNull(job);
        String path = only == null ? "/work/next" : "/work/next?jobId=" + URLEncoder.encode(only, StandardCharsets.UTF_8);
        return services.send("tasks", io.vertx.core.http.HttpMethod.POST, path, caller.token(), null, null)
                .map(reply -> {
                    if (reply.status() == 204) {
                        return work.getFragment("nowork").data("job", only)
                                .data("message", "No work for you right now. Try again in a moment.");
                    }
                    if (!reply.ok()) {
                        return work.getFragment("nowork").data("job", only).data("message", reply.problemDetail());
                    }
                    return work.getFragment("assignment").data("a", reply.map()).data("errors", Map.of()).data("job", only);
                });
    }

    @POST
    @Path("assignments/{id}/answers")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Submit the labels chosen on the page (fragment)")
    @APIResponse(responseCode = "200", description = "HTML fragment: submitted, or the errors next to the items")
    public Uni<TemplateInstance> submit(@PathParam("id") String id, @QueryParam("job") String job,
                                        MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        String token = caller.token();
        List<JsonObject> answers = new ArrayList<>();
        form.forEach((name, values) -> {
            if (name.startsWith("label_") && !values.isEmpty() && !values.get(0).isBlank()) {
                String itemId = name.substring("label_".length());
                long ms = parseLong(form.getFirst("ms_" + itemId));
                answers.add(new JsonObject().put("itemId", itemId).put("label", values.get(0)).put("timeSpentMillis", ms));
            }
        });
        JsonObject body = new JsonObject().put("answers", new JsonArray(answers));
        return services.postJson("tasks", "/assignments/" + id + "/answers", token, body)
                .chain(reply -> {
                    if (reply.ok()) {
                        return Uni.createFrom().item(work.getFragment("submitted").data("result", reply.map())
                                .data("job", blankToNull(job)));
                    }
                    // Show the assignment again with the service's complaint next to the items at fault.
                    return services.get("tasks", "/assignments/" + id, token).map(again -> again.ok()
                            ? work.getFragment("assignment").data("a", again.map()).data("job", blankToNull(job))
                            .data("errors", errorsByItem(reply.fieldErrors(), again.map(), answers))
                            .data("problem", reply.problemDetail())
                            : work.getFragment("nowork").data("job", blankToNull(job)).data("message", reply.problemDetail()));
                });
    }

    @POST
    @Path("appeals")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Appeal a sanction (fragment)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> appeal(MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        JsonObject body = new JsonObject().put("sanctionId", form.getFirst("sanctionId")).put("message", form.getFirst("message"));
        return services.postJson("workers", "/me/appeals", caller.token(), body)
                .map(reply -> work.getFragment("appealed").data("ok", reply.ok())
                        .data("message", reply.ok() ? "Appeal sent; an admin will review it." : reply.problemDetail())
                        .data("errors", reply.fieldErrors()));
    }

    /** "answers[1].label" names the second answer sent; the page shows the message under that item. */
    static Map<String, String> errorsByItem(Map<String, String> fieldErrors, Map<String, Object> assignment,
                                            List<JsonObject> sent) {
        Map<String, String> byItem = new java.util.HashMap<>();
        java.util.regex.Pattern indexed = java.util.regex.Pattern.compile("answers\\[(\\d+)].*");
        fieldErrors.forEach((field, message) -> {
            java.util.regex.Matcher m = indexed.matcher(field);
            if (m.matches() && Integer.parseInt(m.group(1)) < sent.size()) {
                byItem.merge(sent.get(Integer.parseInt(m.group(1))).getString("itemId"), message, (a, b) -> a + "; " + b);
            }
        });
        return byItem;
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

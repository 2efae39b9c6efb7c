package dev.crowd.gateway.ui;

import dev.crowd.gateway.client.ServiceClient;
import dev.crowd.platform.security.CurrentUser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requester console: own jobs with progress, balance, create a job (errors next to the fields),
 * a job's page (upload items and gold with the per-row error report, submit and the funding result,
 * live progress, quality, result downloads).
 */
@Path("/ui/jobs")
@Tag(name = "web UI")
@RolesAllowed(CurrentUser.REQUESTER)
@Produces(MediaType.TEXT_HTML)
public class RequesterResource {

    static final List<String> TASK_TYPES = List.of("SINGLE_LABEL", "MULTI_LABEL", "TEXT_SPANS", "BOUNDING_BOXES");

    private final Template jobs;
    private final Template job;
    private final ServiceClient services;
    private final Caller caller;

    public RequesterResource(@Location("jobs.html") Template jobs, @Location("job.html") Template job,
                             ServiceClient services, Caller caller) {
        this.jobs = jobs;
        this.job = job;
        this.services = services;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Requester console: jobs, balance, new job form")
    @APIResponse(responseCode = "200", description = "HTML")
    public Uni<TemplateInstance> page() {
        String token = caller.token();
        Uni<ServiceClient.Reply> list = services.get("tasks", "/jobs", token).onFailure().recoverWithNull();
        Uni<ServiceClient.Reply> account = services.get("payments", "/accounts/me", token).onFailure().recoverWithNull();
        return Uni.combine().all().unis(list, account).asTuple().map(t -> jobs
                .data("user", caller.name())
                .data("jobs", ServiceClient.Reply.succeeded(t.getItem1()) ? t.getItem1().list() : List.of())
                .data("jobsError", t.getItem1() == null ? "The task service is unavailable"
                        : t.getItem1().ok() ? null : t.getItem1().problemDetail())
                .data("accounts", ServiceClient.Reply.succeeded(t.getItem2()) ? t.getItem2().map().get("accounts") : null)
                .data("form", Map.of())
                .data("errors", Map.of())
                .data("taskTypes", TASK_TYPES));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Create a job from the form; on success the browser goes to the job's page")
    @APIResponse(responseCode = "200", description = "The form again with errors next to the fields")
    @APIResponse(responseCode = "204", description = "Created; HX-Redirect names the job page")
    public Uni<Response> create(MultivaluedMap<String, String> form) {
        caller.requirePageRequest();
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        Map<String, String> errors = new LinkedHashMap<>();
        JsonObject request = JobForm.toRequest(values, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(formAgain(values, errors, null));
        }
        return services.postJson("tasks", "/jobs", caller.token(), request).map(reply -> {
            if (reply.ok()) {
                Object id = reply.map().get("id");
                return Response.noContent().header("HX-Redirect", "/ui/jobs/" + id).build();
            }
            return formAgain(values, JobForm.toFormFields(reply.fieldErrors()), reply.problemDetail());
        });
    }

    private Response formAgain(Map<String, String> values, Map<String, String> errors, String problem) {
        TemplateInstance fragment = jobs.getFragment("jobform")
                .data("form", values).data("errors", errors).data("problem", problem).data("taskTypes", TASK_TYPES);
        return Response.ok(fragment).type(MediaType.TEXT_HTML).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One job: upload, submit, progress, quality, downloads")
    @APIResponse(responseCode = "200", description = "HTML")
    public Uni<TemplateInstance> page(@PathParam("id") String id) {
        String token = caller.token();
        Uni<ServiceClient.Reply> view = services.get("tasks", "/jobs/" + id, token);
        Uni<ServiceClient.Reply> quality = services.get("qa", "/jobs/" + id + "/quality", token).onFailure().recoverWithNull();
        return Uni.combine().all().unis(view, quality).asTuple().map(t -> job
                .data("user", caller.name())
                .data("id", id)
                .data("job", t.getItem1().ok() ? t.getItem1().map() : null)
                .data("error", t.getItem1().ok() ? null : t.getItem1().problemDetail())
                .data("quality", ServiceClient.Reply.succeeded(t.getItem2()) ? t.getItem2().map() : null));
    }

    @GET
    @Path("{id}/progress")
    @Operation(summary = "Live progress of a job (fragment, polled by the page)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> progress(@PathParam("id") String id) {
        return services.get("tasks", "/jobs/" + id, caller.token())
                .map(reply -> job.getFragment("progress").data("job", reply.ok() ? reply.map() : null));
    }

    @POST
    @Path("{id}/submit")
    @Operation(summary = "Submit the job for funding (fragment with the funding result)")
    @APIResponse(responseCode = "200", description = "HTML fragment")
    public Uni<TemplateInstance> submit(@PathParam("id") String id) {
        caller.requirePageRequest();
        return services.send("tasks", HttpMethod.POST, "/jobs/" + id + "/submit", caller.token(), null, null)
                .map(reply -> job.getFragment("funding")
                        .data("ok", reply.ok())
                        .data("job", reply.ok() ? reply.map() : null)
                        .data("problem", reply.ok() ? null : reply.problemDetail())
                        .data("shortfall", reply.ok() ? null : reply.map().get("shortfall")));
    }

    /** Turns the form's flat fields into the task service's job request, checking what it can. */
    static final class JobForm {

        static JsonObject toRequest(Map<String, String> form, Map<String, String> errors) {
            JsonObject request = new JsonObject()
                    .put("title", form.getOrDefault("title", "").trim())
                    .put("instructions", form.getOrDefault("instructions", ""))
                    .put("taskType", form.getOrDefault("taskType", "SINGLE_LABEL"));
            JsonArray labels = new JsonArray();
            int line = 0;
            for (String row : form.getOrDefault("labels", "").split("\\R")) {
                line++;
                if (row.isBlank()) {
                    continue;
                }
                String[] parts = row.split("\\|", -1);
                JsonObject label = new JsonObject().put("key", parts[0].trim())
                        .put("displayName", parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : parts[0].trim());
                if (parts.length > 2 && !parts[2].isBlank()) {
                    label.put("hotkey", parts[2].trim());
                }
                labels.add(label);
            }
            if (labels.isEmpty()) {
                errors.put("labels", "give at least one label, one per line: key|Display name|hotkey");
            }
            request.put("labels", labels);
            request.put("overlap", new JsonObject()
                    .put("min", integer(form, "overlapMin", errors))
                    .put("max", integer(form, "overlapMax", errors))
                    .put("targetConfidence", decimal(form, "targetConfidence", errors)));
            request.put("reward", new JsonObject()
                    .put("amount", minorUnits(form.get("reward"), errors))
                    .put("currency", form.getOrDefault("currency", "EUR").trim().toUpperCase()));
            request.put("microJobSize", integer(form, "microJobSize", errors));
            request.put("leaseSeconds", integer(form, "leaseSeconds", errors));
            if (form.get("goldPerMicroJob") != null && !form.get("goldPerMicroJob").isBlank()) {
                request.put("goldPerMicroJob", integer(form, "goldPerMicroJob", errors));
            }
            return request;
        }

        /** The service names nested fields ({@code overlap.min}); the form has flat ones ({@code overlapMin}). */
        static Map<String, String> toFormFields(Map<String, String> serviceErrors) {
            Map<String, String> errors = new LinkedHashMap<>();
            serviceErrors.forEach((field, message) -> {
                String formField = switch (field) {
                    case "overlap.min" -> "overlapMin";
                    case "overlap.max" -> "overlapMax";
                    case "overlap.targetConfidence" -> "targetConfidence";
                    case "reward.amount" -> "reward";
                    case "reward.currency" -> "currency";
                    default -> field.startsWith("labels") ? "labels" : field.startsWith("overlap") ? "overlapMin" : field;
                };
                errors.merge(formField, message, (a, b) -> a + "; " + b);
            });
            return errors;
        }

        private static Integer integer(Map<String, String> form, String field, Map<String, String> errors) {
            String value = form.get(field);
            try {
                return Integer.parseInt(value == null ? "" : value.trim());
            } catch (NumberFormatException e) {
                errors.put(field, "must be a whole number");
                return null;
            }
        }

        private static Double decimal(Map<String, String> form, String field, Map<String, String> errors) {
            String value = form.get(field);
            try {
                return Double.parseDouble(value == null ? "" : value.trim());
            } catch (NumberFormatException e) {
                errors.put(field, "must be a number between 0 and 1");
                return null;
            }
        }

        /** "0.0125" (currency units) -> 125 (1/10,000 units), exactly; more than 4 decimals is refused. */
        static Long minorUnits(String value, Map<String, String> errors) {
            try {
                BigDecimal units = new BigDecimal(value == null ? "" : value.trim());
                if (units.signum() <= 0) {
                    errors.put("reward", "must be more than 0");
                    return null;
                }
                return units.movePointRight(4).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                errors.put("reward", "an amount like 0.05 (at most 4 decimals)");
                return null;
            }
        }

        private JobForm() {
        }
    }
}

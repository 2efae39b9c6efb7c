package dev.crowd.worker.rest;

import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import dev.crowd.worker.config.WorkersConfig;
import dev.crowd.worker.service.SanctionService;
import dev.crowd.worker.service.WorkerQueries;
import dev.crowd.worker.service.WorkforceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/** Admins: search annotators, look at one, sanction, lift, reinstate. */
@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ADMIN)
@Tag(name = "Workforce admin")
public class AdminWorkerResource {

    private final CurrentUser user;
    private final WorkforceService workforce;
    private final WorkerQueries queries;
    private final SanctionService sanctions;
    private final WorkersConfig config;

    public AdminWorkerResource(CurrentUser user, WorkforceService workforce, WorkerQueries queries,
                               SanctionService sanctions, WorkersConfig config) {
        this.user = user;
        this.workforce = workforce;
        this.queries = queries;
        this.sanctions = sanctions;
        this.config = config;
    }

    @GET
    @Operation(summary = "Search annotators",
            description = "Filters combine with AND. sort: trust, -trust, name, created, -created (default -trust).")
    @APIResponse(responseCode = "200", description = "One page of annotators and the total count")
    @APIResponse(responseCode = "400", description = "A filter, sort or paging value is invalid (named in errors)")
    public Uni<Views.WorkerPage> search(@QueryParam("status") String status, @QueryParam("minTrust") Integer minTrust,
                                        @QueryParam("maxTrust") Integer maxTrust, @QueryParam("skill") String skill,
                                        @QueryParam("qualification") String qualification,
                                        @QueryParam("sort") String sort, @QueryParam("page") Integer page,
                                        @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (s < 1 || s > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be between 1 and " + config.maxPageSize());
        }
        checkTrust("minTrust", minTrust);
        checkTrust("maxTrust", maxTrust);
        if (minTrust != null && maxTrust != null && minTrust > maxTrust) {
            throw ProblemException.invalidField("maxTrust", "must not be below minTrust");
        }
        WorkforceService.Filter filter = new WorkforceService.Filter(parseStatus(status), minTrust, maxTrust,
                blankToNull(skill), blankToNull(qualification));
        return workforce.search(filter, parseSort(sort), p, s).map(result -> new Views.WorkerPage(
                result.items().stream().map(Views.WorkerView::of).toList(), result.page(), result.size(), result.total()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One annotator: profile, qualifications, every sanction, recent trust")
    @APIResponse(responseCode = "404", description = "No such annotator")
    public Uni<Views.AdminWorkerView> get(@PathParam("id") String id) {
        return queries.full(id).map(d -> new Views.AdminWorkerView(Views.WorkerView.of(d.worker()),
                d.qualifications().stream().map(Views.GrantView::of).toList(),
                d.sanctions().stream().map(Views.SanctionView::of).toList(),
                d.trust().stream().map(Views.TrustPoint::of).toList()));
    }

    @POST
    @Path("/{id}/sanctions")
    @Operation(summary = "Sanction an annotator by hand",
            description = "BAN is platform-wide and disables sign-in in Keycloak; SUSPEND with scope JOB needs jobId.")
    @APIResponse(responseCode = "201", description = "Sanction imposed; the new state is announced")
    @APIResponse(responseCode = "400", description = "Inconsistent action, scope, jobId or expiry")
    @APIResponse(responseCode = "404", description = "No such annotator")
    public Uni<Response> sanction(@PathParam("id") String id, @Valid @NotNull Requests.SanctionRequest request) {
        return sanctions.impose(id, new SanctionService.ManualSanction(request.action(), request.scope(), request.jobId(),
                        request.reason(), request.expiresAt()), user.id())
                .map(s -> Response.created(URI.create("/workers/" + id + "/sanctions/" + s.id))
                        .entity(Views.SanctionView.of(s)).build());
    }

    @POST
    @Path("/{id}/sanctions/{sanctionId}/lift")
    @Operation(summary = "Lift one sanction")
    @APIResponse(responseCode = "404", description = "No such sanction")
    @APIResponse(responseCode = "409", description = "Sanction not active")
    public Uni<Views.SanctionView> lift(@PathParam("id") String id, @PathParam("sanctionId") UUID sanctionId,
                                       @Valid @NotNull Requests.ReasonRequest request) {
        return sanctions.liftOne(id, sanctionId, request.reason(), user.id()).map(Views.SanctionView::of);
    }

    @POST
    @Path("/{id}/reinstate")
    @Operation(summary = "Reinstate an annotator: lift every active sanction (a ban re-enables sign-in)")
    @APIResponse(responseCode = "200", description = "The annotator, now ACTIVE")
    @APIResponse(responseCode = "404", description = "No such annotator")
    public Uni<Views.WorkerView> reinstate(@PathParam("id") String id, @Valid @NotNull Requests.ReasonRequest request) {
        return sanctions.reinstate(id, request.reason(), user.id()).map(Views.WorkerView::of);
    }

    private static void checkTrust(String field, Integer value) {
        if (value != null && (value < 0 || value > 100)) {
            throw ProblemException.invalidField(field, "must be between 0 and 100");
        }
    }

    private static WorkerStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return WorkerStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of ACTIVE, SUSPENDED, BANNED");
        }
    }

    private static WorkforceService.SortBy parseSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return WorkforceService.SortBy.TRUST_DESC;
        }
        return switch (sort.trim()) {
            case "trust" -> WorkforceService.SortBy.TRUST;
            case "-trust" -> WorkforceService.SortBy.TRUST_DESC;
            case "name" -> WorkforceService.SortBy.NAME;
            case "created" -> WorkforceService.SortBy.CREATED;
            case "-created" -> WorkforceService.SortBy.CREATED_DESC;
            default -> throw ProblemException.invalidField("sort", "must be one of trust, -trust, name, created, -created");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

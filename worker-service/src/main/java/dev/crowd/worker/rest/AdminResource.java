package dev.crowd.worker.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.worker.RuleSetRow;
import dev.crowd.worker.QualityRules;
import dev.crowd.worker.service.RuleSetService;
import dev.crowd.worker.service.SanctionService;
import dev.crowd.worker.service.WorkforceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Admins: workforce overview, quality rules, appeals. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ADMIN)
@Tag(name = "Workforce admin")
public class AdminResource {

    /** A rule set and where it comes from (configuration, platform or job). */
    public record RuleSetView(String scope, String source, QualityRules rules) {
    }

    private final CurrentUser user;
    private final WorkforceService workforce;
    private final RuleSetService ruleSets;
    private final SanctionService sanctions;

    public AdminResource(CurrentUser user, WorkforceService workforce, RuleSetService ruleSets,
                         SanctionService sanctions) {
        this.user = user;
        this.workforce = workforce;
        this.ruleSets = ruleSets;
        this.sanctions = sanctions;
    }

    @GET
    @Path("/workforce")
    @Operation(summary = "Workforce overview",
            description = "Counts by status, trust histogram (buckets of 10), the rules that fired most, open appeals, "
                    + "and the annotators to look at first (active but flagged or suspended from jobs).")
    public Uni<WorkforceService.Overview> workforce(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        return workforce.overview(limit);
    }

    @GET
    @Path("/quality-rules")
    @Operation(summary = "The platform-wide quality rules in force")
    public Uni<RuleSetView> platformRules() {
        return ruleSets.readPlatform().map(e -> new RuleSetView(RuleSetRow.PLATFORM, e.source(), e.rules()));
    }

    @PUT
    @Path("/quality-rules")
    @Operation(summary = "Replace the platform-wide quality rules (a null rule is off)")
    @APIResponse(responseCode = "400", description = "A threshold is out of range (named in errors)")
    public Uni<RuleSetView> putPlatformRules(@Valid @NotNull QualityRules rules) {
        return ruleSets.store(RuleSetRow.PLATFORM, rules, user.id())
                .map(e -> new RuleSetView(RuleSetRow.PLATFORM, e.source(), e.rules()));
    }

    @DELETE
    @Path("/quality-rules")
    @Operation(summary = "Go back to the configured platform rules")
    @APIResponse(responseCode = "204", description = "Stored platform rules removed")
    @APIResponse(responseCode = "404", description = "No platform rules were stored")
    public Uni<Void> deletePlatformRules() {
        return ruleSets.remove(RuleSetRow.PLATFORM);
    }

    @GET
    @Path("/quality-rules/jobs/{jobId}")
    @Operation(summary = "The quality rules in force for one job (its own or the platform's)")
    public Uni<RuleSetView> jobRules(@PathParam("jobId") UUID jobId) {
        return ruleSets.readJob(jobId).map(e -> new RuleSetView(jobId.toString(), e.source(), e.rules()));
    }

    @PUT
    @Path("/quality-rules/jobs/{jobId}")
    @Operation(summary = "Set a job's own quality rules (jobGoldAccuracy and tooFast count per job)")
    @APIResponse(responseCode = "400", description = "A threshold is out of range (named in errors)")
    public Uni<RuleSetView> putJobRules(@PathParam("jobId") UUID jobId, @Valid @NotNull QualityRules rules) {
        return ruleSets.store(jobId.toString(), rules, user.id())
                .map(e -> new RuleSetView(jobId.toString(), e.source(), e.rules()));
    }

    @DELETE
    @Path("/quality-rules/jobs/{jobId}")
    @Operation(summary = "Remove a job's own rules: it follows the platform's again")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "The job had no rules of its own")
    public Uni<Void> deleteJobRules(@PathParam("jobId") UUID jobId) {
        return ruleSets.remove(jobId.toString());
    }

    @GET
    @Path("/appeals")
    @Operation(summary = "Open appeals, oldest first")
    public Uni<List<Views.SanctionAppealView>> openAppeals() {
        return sanctions.openAppeals().map(list -> list.stream().map(Views.SanctionAppealView::of).toList());
    }

    @POST
    @Path("/appeals/{id}/decision")
    @Operation(summary = "Decide an appeal: accepting lifts the sanction")
    @APIResponse(responseCode = "404", description = "No such appeal")
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<Views.SanctionAppealView> decide(@PathParam("id") UUID id, @Valid @NotNull Requests.SanctionAppealDecision decision) {
        return sanctions.decide(id, decision.accept(), decision.resolution(), user.id()).map(Views.SanctionAppealView::of);
    }
}

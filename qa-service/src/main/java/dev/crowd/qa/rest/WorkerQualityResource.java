package dev.crowd.qa.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.qa.rest.QualityViews.WorkerQuality;
import dev.crowd.qa.service.QualityQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Quality")
public class WorkerQualityResource {

    private final CurrentUser user;
    private final QualityQueries queries;

    public WorkerQualityResource(CurrentUser user, QualityQueries queries) {
        this.user = user;
        this.queries = queries;
    }

    @GET
    @Path("/me/quality")
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "Your quality", description = "Gold accuracy, agreement with consensus, reviews and appeals, "
            + "per job and overall. Never shows gold labels or other annotators' answers.")
    @APIResponse(responseCode = "200", description = "Your quality")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an annotator")
    public Uni<WorkerQuality> mine() {
        return queries.workerQuality(user.id(), false).map(WorkerQuality::of);
    }

    @GET
    @Path("/{workerId}/quality")
    @RolesAllowed(CurrentUser.ADMIN)
    @Operation(summary = "An annotator's quality", description = "As the annotator sees it, plus the model's "
            + "confusion matrix per job.")
    @APIResponse(responseCode = "200", description = "The annotator's quality (all zero if unknown)")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<WorkerQuality> ofWorker(@PathParam("workerId") String workerId) {
        return queries.workerQuality(workerId, true).map(WorkerQuality::of);
    }
}

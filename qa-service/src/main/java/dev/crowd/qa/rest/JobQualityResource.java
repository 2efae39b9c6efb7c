package dev.crowd.qa.rest;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import dev.crowd.qa.rest.QualityViews.ItemQuality;
import dev.crowd.qa.rest.QualityViews.JobQuality;
import dev.crowd.qa.service.QualityQueries;
import dev.crowd.qa.service.ReestimationHandler;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/jobs/{jobId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Quality")
public class JobQualityResource {

    public record Estimated(UUID jobId, boolean estimated) {
    }

    private final CurrentUser user;
    private final QualityQueries queries;
    private final ReestimationHandler reestimation;

    public JobQualityResource(CurrentUser user, QualityQueries queries, ReestimationHandler reestimation) {
        this.user = user;
        this.queries = queries;
        this.reestimation = reestimation;
    }

    @GET
    @Path("/quality")
    @RolesAllowed(CurrentUser.REQUESTER)
    @Operation(summary = "Quality of one of your jobs",
            description = "Gold accuracy, agreement, confidence histogram of resolved items, label distribution "
                    + "and confusion between resolved and answered labels.")
    @APIResponse(responseCode = "200", description = "The job's quality")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not a requester")
    @APIResponse(responseCode = "404", description = "No such job of yours")
    public Uni<JobQuality> jobQuality(@PathParam("jobId") UUID jobId) {
        return queries.jobQuality(jobId, user.id()).map(JobQuality::of);
    }

    @GET
    @Path("/items/{itemId}/quality")
    @RolesAllowed(CurrentUser.REQUESTER)
    @Operation(summary = "Judgments and posterior of one item of your job")
    @APIResponse(responseCode = "200", description = "The item's consensus and its judgments")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not a requester")
    @APIResponse(responseCode = "404", description = "No such job of yours, or no judgment on this item yet")
    public Uni<ItemQuality> itemQuality(@PathParam("jobId") UUID jobId, @PathParam("itemId") UUID itemId) {
        return queries.itemQuality(jobId, itemId, user.id()).map(ItemQuality::of);
    }

    @POST
    @Path("/quality/estimate")
    @RolesAllowed(CurrentUser.ADMIN)
    @Operation(summary = "Re-estimate a job in full now",
            description = "Dawid-Skene over all of the job's judgments (gold clamped), then the overlap policy on its "
                    + "open items. The service also does this on a timer for jobs with new judgments.")
    @APIResponse(responseCode = "200", description = "Re-estimated")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Uni<Estimated> estimate(@PathParam("jobId") UUID jobId) {
        return reestimation.reestimate(jobId).map(found -> {
            if (!found) {
                throw ProblemException.notFound("Job " + jobId);
            }
            return new Estimated(jobId, true);
        });
    }
}

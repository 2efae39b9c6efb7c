package dev.crowd.task.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.task.rest.WorkDtos.AssignmentView;
import dev.crowd.task.rest.WorkDtos.SubmitRequest;
import dev.crowd.task.rest.WorkDtos.SubmitResult;
import dev.crowd.task.service.AssignmentService;
import dev.crowd.task.service.ClaimService;
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

import java.util.UUID;

/** Annotators claim work and answer it. Someone else's assignment answers 404. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ANNOTATOR)
@Tag(name = "work")
public class WorkResource {

    private final CurrentUser user;
    private final ClaimService claims;
    private final AssignmentService assignments;

    public WorkResource(CurrentUser user, ClaimService claims, AssignmentService assignments) {
        this.user = user;
        this.claims = claims;
        this.assignments = assignments;
    }

    @POST
    @Path("work/next")
    @Operation(summary = "Lease the next micro-job (optionally of one job): items, instructions, labels, lease end")
    @APIResponse(responseCode = "200", description = "A leased assignment")
    @APIResponse(responseCode = "204", description = "No work for you right now")
    @APIResponse(responseCode = "403", description = "Suspended, banned, or not eligible for the job (with the reason)")
    @APIResponse(responseCode = "404", description = "jobId names no open job")
    public Uni<Response> next(@QueryParam("jobId") UUID jobId) {
        return claims.next(user.id(), jobId).map(a -> a == null
                ? Response.noContent().build()
                : Response.ok(AssignmentView.of(a)).build());
    }

    @GET
    @Path("assignments/{id}")
    @Operation(summary = "One of your assignments")
    @APIResponse(responseCode = "404", description = "No such assignment of yours")
    public Uni<AssignmentView> get(@PathParam("id") UUID id) {
        return assignments.get(user.id(), id).map(AssignmentView::of);
    }

    @POST
    @Path("assignments/{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit answers for every item (idempotent: the same answers again give the same result)")
    @APIResponse(responseCode = "200", description = "Submitted")
    @APIResponse(responseCode = "400", description = "Missing item, unknown item or label (fields named)")
    @APIResponse(responseCode = "404", description = "No such assignment of yours")
    @APIResponse(responseCode = "409", description = "Already submitted with other answers")
    @APIResponse(responseCode = "410", description = "The lease expired or was given back")
    public Uni<SubmitResult> submit(@PathParam("id") UUID id, @NotNull @Valid SubmitRequest request) {
        return assignments.submit(user.id(), id, request.toAnswers()).map(SubmitResult::of);
    }

    @POST
    @Path("assignments/{id}/return")
    @Operation(summary = "Give the work back before the lease ends; its slot reopens")
    @APIResponse(responseCode = "204", description = "Returned")
    @APIResponse(responseCode = "404", description = "No such assignment of yours")
    @APIResponse(responseCode = "409", description = "Already submitted")
    @APIResponse(responseCode = "410", description = "The lease already ended")
    public Uni<Response> giveBack(@PathParam("id") UUID id) {
        return assignments.giveBack(user.id(), id).replaceWith(Response.noContent().build());
    }
}

package dev.crowd.task.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.task.JobModel.JobRequest;
import dev.crowd.task.JobModel.JobView;
import dev.crowd.task.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** A requester's jobs. Another requester's job answers 404, as if it did not exist. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.REQUESTER)
@Tag(name = "jobs")
public class JobResource {

    private final CurrentUser user;
    private final JobService jobs;

    public JobResource(CurrentUser user, JobService jobs) {
        this.user = user;
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a job in DRAFT")
    @APIResponse(responseCode = "201", description = "Created; Location names the job")
    @APIResponse(responseCode = "400", description = "Invalid settings (problem+json naming each field)")
    public Uni<Response> create(@NotNull @Valid JobRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        return jobs.create(user.id(), request).map(job -> Response
                .created(uri.getAbsolutePathBuilder().path(job.id.toString()).build())
                .entity(jobs.view(job, 0)).build());
    }

    @GET
    @Operation(summary = "List own jobs with progress, newest first")
    public Uni<List<JobView>> listOwn() {
        return jobs.list(user.id()).chain(jobs::viewsOf);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One own job with pricing and progress")
    @APIResponse(responseCode = "404", description = "No such job of the caller")
    public Uni<JobView> get(@PathParam("id") UUID id) {
        return jobs.get(user.id(), id).chain(jobs::viewOf);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the settings of a DRAFT job")
    @APIResponse(responseCode = "409", description = "The job is no longer a DRAFT")
    public Uni<JobView> update(@PathParam("id") UUID id, @NotNull @Valid JobRequest request) {
        return jobs.update(user.id(), id, request).chain(jobs::viewOf);
    }

    @POST
    @Path("{id}/submit")
    @Operation(summary = "Price the job and ask for funding (DRAFT → FUNDING); emits JobSubmitted")
    @APIResponse(responseCode = "200", description = "FUNDING, with budget")
    @APIResponse(responseCode = "400", description = "No items, or gold required and missing")
    @APIResponse(responseCode = "409", description = "Not a DRAFT")
    public Uni<JobView> submit(@PathParam("id") UUID id) {
        return jobs.submit(user.id(), id).chain(jobs::viewOf);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Stop handing out work (ACTIVE → PAUSED); running leases may still submit")
    @APIResponse(responseCode = "409", description = "Not ACTIVE")
    public Uni<JobView> pause(@PathParam("id") UUID id) {
        return jobs.pause(user.id(), id).chain(jobs::viewOf);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Hand out work again (PAUSED → ACTIVE)")
    @APIResponse(responseCode = "409", description = "Not PAUSED")
    public Uni<JobView> resume(@PathParam("id") UUID id) {
        return jobs.resume(user.id(), id).chain(jobs::viewOf);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an ACTIVE or PAUSED job; the rest of its escrow goes back (JobCancelled)")
    @APIResponse(responseCode = "409", description = "Not ACTIVE or PAUSED")
    public Uni<JobView> cancel(@PathParam("id") UUID id, @QueryParam("reason") @Size(max = 500) String reason) {
        return jobs.cancel(user.id(), id, reason).chain(jobs::viewOf);
    }
}

package dev.crowd.task.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.task.Job;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    public record JobSummary(UUID id, String title, Job.Status status) {
    }

    private final CurrentUser user;

    public JobResource(CurrentUser user) {
        this.user = user;
    }

    @GET
    @RolesAllowed(CurrentUser.REQUESTER)
    @WithSession
    public Uni<List<JobSummary>> listOwn() {
        return Job.<Job>find("requesterId = ?1 order by createdAt desc", user.id()).list()
                .map(jobs -> jobs.stream().map(j -> new JobSummary(j.id, j.title, j.status)).toList());
    }
}

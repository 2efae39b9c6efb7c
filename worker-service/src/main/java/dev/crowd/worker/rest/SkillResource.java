package dev.crowd.worker.rest;

import dev.crowd.worker.service.WorkerService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The skill catalogue annotators choose from and jobs can require. */
@Path("/skills")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Annotator profile")
public class SkillResource {

    public record SkillView(String code, String name) {
    }

    private final WorkerService workers;

    public SkillResource(WorkerService workers) {
        this.workers = workers;
    }

    @GET
    @Authenticated
    @Operation(summary = "The skill catalogue")
    public Uni<List<SkillView>> list() {
        return workers.skills().map(list -> list.stream().map(s -> new SkillView(s.code, s.name)).toList());
    }
}

package dev.crowd.platform.testapp;

import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a note and announces it through the outbox, in one transaction; can be told to fail after.
 * {@code keys}: the events go round that many jobs (keys), the first being {@code jobId}.
 */
@Path("/test/notes")
public class NoteResource {

    public record Published(UUID noteId, List<UUID> eventIds, List<UUID> jobIds) {
    }

    private final Outbox outbox;

    public NoteResource(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    public Uni<Published> create(@QueryParam("jobId") UUID jobId, @QueryParam("title") String title,
                                 @QueryParam("count") Integer count, @QueryParam("failAfter") boolean failAfter,
                                 @QueryParam("keys") Integer keys) {
        int n = count == null ? 1 : count;
        int k = keys == null ? 1 : Math.max(1, keys);
        return Panache.withTransaction(() -> {
            Note note = new Note();
            note.id = UUID.randomUUID();
            note.text = title;
            List<JobCancelled> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                UUID job = i % k == 0 ? jobId : UUID.nameUUIDFromBytes((jobId + "/" + i % k).getBytes(StandardCharsets.UTF_8));
                events.add(new JobCancelled(UUID.randomUUID(), Instant.now(), job, "req", title + "#" + i));
            }
            return note.persist()
                    .chain(() -> outbox.publishAll(events))
                    .chain(() -> failAfter
                            ? Uni.createFrom().failure(new IllegalStateException("rolled back on purpose"))
                            : Uni.createFrom().item(new Published(note.id,
                            events.stream().map(JobCancelled::eventId).toList(),
                            events.stream().map(JobCancelled::jobId).toList())));
        });
    }
}

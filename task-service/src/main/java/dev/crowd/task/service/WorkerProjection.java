package dev.crowd.task.service;

import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.task.WorkerProfile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** Keeps the local eligibility projection of crowd.workers; the latest event per annotator wins. */
@ApplicationScoped
public class WorkerProjection {

    private final Json json;

    public WorkerProjection(Json json) {
        this.json = json;
    }

    public Uni<Void> registered(WorkerRegistered event) {
        return WorkerProfile.<WorkerProfile>findById(event.workerId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem(); // a profile change already told us more
            }
            WorkerProfile p = new WorkerProfile();
            p.workerId = event.workerId();
            p.status = WorkerStatus.ACTIVE;
            p.trust = event.trust();
            p.skills = json.write(event.skills() == null ? Set.of() : event.skills());
            p.qualifications = "[]";
            p.suspendedJobIds = "[]";
            p.updatedAt = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
            return p.persist().replaceWithVoid();
        });
    }

    public Uni<Void> changed(WorkerProfileChanged event) {
        OffsetDateTime at = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
        return WorkerProfile.<WorkerProfile>findById(event.workerId()).chain(existing -> {
            if (existing != null && existing.updatedAt.isAfter(at)) {
                return Uni.createFrom().voidItem(); // an older state arriving late
            }
            WorkerProfile p = existing == null ? new WorkerProfile() : existing;
            p.workerId = event.workerId();
            p.status = event.status();
            p.trust = event.trust();
            p.skills = json.write(event.skills() == null ? Set.of() : event.skills());
            p.qualifications = json.write(event.qualifications() == null ? Set.of() : event.qualifications());
            p.suspendedJobIds = json.write(event.suspendedJobIds() == null ? Set.of() : event.suspendedJobIds());
            p.reason = event.reason();
            p.updatedAt = at;
            return existing == null ? p.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }
}

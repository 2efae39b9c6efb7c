package dev.crowd.worker.service;

import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerRegistered;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.Worker;
import dev.crowd.worker.WorkerQualification;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Builds and publishes (through the outbox, inside the caller's transaction) the events that carry an
 * annotator's eligibility state. WorkerProfileChanged always carries the FULL state, never a delta.
 */
@ApplicationScoped
public class ProfileEvents {

    private final Outbox outbox;

    public ProfileEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> registered(Worker worker) {
        return outbox.publish(new WorkerRegistered(UUID.randomUUID(), Instant.now(), worker.id, worker.displayName,
                new TreeSet<>(worker.skills), new TreeSet<>(worker.languages), worker.trust));
    }

    /** Publishes the worker's full eligibility state; {@code reason} says why it changed (may be null). */
    public Uni<Void> changed(Worker worker, String reason) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return validQualifications(worker.id, now).chain(qualifications -> suspendedJobs(worker.id, now)
                .chain(jobs -> outbox.publish(new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), worker.id,
                        worker.status, worker.trust, new TreeSet<>(worker.skills), qualifications, jobs, reason))));
    }

    public static Uni<Set<String>> validQualifications(String workerId, OffsetDateTime now) {
        return WorkerQualification.<WorkerQualification>list("workerId", workerId)
                .map(grants -> grants.stream().filter(g -> g.validAt(now)).map(g -> g.code)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    public static Uni<Set<UUID>> suspendedJobs(String workerId, OffsetDateTime now) {
        return activeSanctions(workerId, now).map(sanctions -> sanctions.stream()
                .filter(s -> s.scope == Sanction.Scope.JOB && s.action == Sanction.Action.SUSPEND)
                .map(s -> s.jobId)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    public static Uni<List<Sanction>> activeSanctions(String workerId, OffsetDateTime now) {
        return Sanction.<Sanction>list("workerId = ?1 and liftedAt is null order by createdAt desc", workerId)
                .map(list -> list.stream().filter(s -> s.activeAt(now)).toList());
    }
}

package dev.crowd.worker.service;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.TrustRecord;
import dev.crowd.worker.Worker;
import dev.crowd.worker.WorkerQualification;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Read models of one annotator (for themselves and for admins). */
@ApplicationScoped
public class WorkerQueries {

    /** An annotator with what surrounds them. {@code sanctions} are all (history) or only active ones. */
    public record Dossier(Worker worker, List<WorkerQualification> qualifications, List<Sanction> sanctions,
                          List<TrustRecord> trust) {
    }

    /** Profile, valid qualifications and active sanctions. */
    @WithSession
    public Uni<Dossier> own(String workerId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return worker(workerId).chain(w -> grants(workerId, now)
                .chain(grants -> ProfileEvents.activeSanctions(workerId, now)
                        .map(active -> new Dossier(w, grants, active, List.of()))));
    }

    /** Everything an admin needs: profile, valid qualifications, every sanction, the latest 50 trust points. */
    @WithSession
    public Uni<Dossier> full(String workerId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return worker(workerId).chain(w -> grants(workerId, now)
                .chain(grants -> Sanction.<Sanction>list("workerId = ?1 order by createdAt desc", workerId)
                        .chain(sanctions -> trustHistory(workerId, 50)
                                .map(trust -> new Dossier(w, grants, sanctions, trust)))));
    }

    /** Current trust and history, newest first. */
    @WithSession
    public Uni<Dossier> trust(String workerId, int limit) {
        return worker(workerId).chain(w -> trustHistory(workerId, limit)
                .map(trust -> new Dossier(w, List.of(), List.of(), trust)));
    }

    private static Uni<Worker> worker(String id) {
        return Worker.<Worker>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Worker " + id));
    }

    private static Uni<List<WorkerQualification>> grants(String workerId, OffsetDateTime now) {
        return WorkerQualification.<WorkerQualification>list("workerId = ?1 order by code", workerId)
                .map(list -> list.stream().filter(g -> g.validAt(now)).toList());
    }

    private static Uni<List<TrustRecord>> trustHistory(String workerId, int limit) {
        return TrustRecord.<TrustRecord>find("workerId = ?1 order by id desc", workerId).page(0, limit).list();
    }
}

package dev.crowd.worker.service;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.worker.SanctionAppeal;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.Worker;
import dev.crowd.worker.WorkerQualification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Sanctions (automatic and manual), reinstatement, appeals, and the sweep of what expired. */
@ApplicationScoped
public class SanctionService {

    /** An admin's decision. */
    public record ManualSanction(Sanction.Action action, Sanction.Scope scope, UUID jobId, String reason,
                                 OffsetDateTime expiresAt) {
    }

    private final StandingService standing;
    private final ProfileEvents events;

    public SanctionService(StandingService standing, ProfileEvents events) {
        this.standing = standing;
        this.events = events;
    }

    /** Stores the verdicts that have no equal active sanction yet; returns the new sanctions. */
    public Uni<List<Sanction>> imposeNew(String workerId, List<RulesEngine.Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return ProfileEvents.activeSanctions(workerId, now).chain(active -> {
            List<Sanction> imposed = new ArrayList<>();
            for (RulesEngine.Verdict v : verdicts) {
                boolean already = active.stream().anyMatch(s -> s.rule.equals(v.rule()) && s.scope == v.scope()
                        && Objects.equals(s.jobId, v.jobId()));
                if (!already) {
                    imposed.add(newSanction(workerId, v.rule(), v.action(), v.scope(), v.jobId(), v.reason(),
                            v.evidence(), "system", now, v.expiresAt()));
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Sanction s : imposed) {
                chain = chain.chain(() -> s.persist().replaceWithVoid());
            }
            return chain.replaceWith(imposed);
        });
    }

    /** Recomputes status from the sanctions and announces the full state. In the caller's transaction. */
    public Uni<Void> restate(Worker worker, String reason) {
        // flush first: the queries below must see the sanctions and grants changed in this transaction
        return Panache.getSession().chain(Mutiny.Session::flush).chain(() -> standing.recompute(worker)).chain(change -> events.changed(worker,
                change.statusChanged() && change.reason() != null ? change.reason() : reason));
    }

    @WithTransaction
    public Uni<Sanction> impose(String workerId, ManualSanction request, String adminId) {
        if (request.action() == Sanction.Action.BAN && request.scope() != Sanction.Scope.PLATFORM) {
            throw ProblemException.invalidField("scope", "a ban is always platform-wide (PLATFORM)");
        }
        if (request.scope() == Sanction.Scope.JOB && request.jobId() == null) {
            throw ProblemException.invalidField("jobId", "required when scope is JOB");
        }
        if (request.scope() == Sanction.Scope.PLATFORM && request.jobId() != null) {
            throw ProblemException.invalidField("jobId", "must be empty when scope is PLATFORM");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        return Worker.<Worker>findById(workerId).onItem().ifNull().failWith(() -> ProblemException.notFound("Worker " + workerId))
                .chain(worker -> {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("decidedBy", adminId);
                    Sanction sanction = newSanction(workerId, Sanction.MANUAL, request.action(), request.scope(),
                            request.jobId(), request.reason(), evidence, adminId, now,
                            request.expiresAt() == null ? null : request.expiresAt().toInstant());
                    return sanction.persist().chain(() -> restate(worker, request.reason())).replaceWith(sanction);
                });
    }

    /** Lifts every active sanction of the annotator (bans and suspensions, job ones and flags too). */
    @WithTransaction
    public Uni<Worker> reinstate(String workerId, String reason, String adminId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Worker.<Worker>findById(workerId).onItem().ifNull().failWith(() -> ProblemException.notFound("Worker " + workerId))
                .chain(worker -> ProfileEvents.activeSanctions(workerId, now).chain(active -> {
                    active.forEach(s -> lift(s, adminId, reason, now));
                    return closeOpenAppeals(active, adminId, "Reinstated: " + reason, now)
                            .chain(() -> restate(worker, "Reinstated: " + reason)).replaceWith(worker);
                }));
    }

    /** Lifts one sanction of {@code workerId}. */
    @WithTransaction
    public Uni<Sanction> liftOne(String workerId, UUID sanctionId, String reason, String adminId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return activeSanctionOf(workerId, sanctionId, now)
                .chain(sanction -> {
                    lift(sanction, adminId, reason, now);
                    return closeOpenAppeals(List.of(sanction), adminId, "Sanction lifted: " + reason, now)
                            .chain(() -> Worker.<Worker>findById(sanction.workerId))
                            .chain(worker -> restate(worker, "Sanction lifted: " + reason)).replaceWith(sanction);
                });
    }

    @WithSession
    public Uni<List<Sanction>> history(String workerId) {
        return Sanction.list("workerId = ?1 order by createdAt desc", workerId);
    }

    // ---- appeals

    @WithTransaction
    public Uni<SanctionAppeal> appeal(String workerId, UUID sanctionId, String message) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return activeSanctionOf(workerId, sanctionId, now)
                .chain(sanction -> SanctionAppeal.count("sanctionId = ?1 and status = ?2", sanctionId, SanctionAppeal.Status.OPEN))
                .chain(open -> {
                    if (open > 0) {
                        throw ProblemException.conflict("appeal-open", "An appeal against this sanction is already open");
                    }
                    SanctionAppeal appeal = new SanctionAppeal();
                    appeal.id = UUID.randomUUID();
                    appeal.sanctionId = sanctionId;
                    appeal.workerId = workerId;
                    appeal.message = message.trim();
                    appeal.status = SanctionAppeal.Status.OPEN;
                    appeal.createdAt = now;
                    return appeal.persist();
                });
    }

    @WithSession
    public Uni<List<SanctionAppeal>> appealsOf(String workerId) {
        return SanctionAppeal.list("workerId = ?1 order by createdAt desc", workerId);
    }

    @WithSession
    public Uni<List<SanctionAppeal>> openAppeals() {
        return SanctionAppeal.list("status = ?1 order by createdAt", SanctionAppeal.Status.OPEN);
    }

    /** Accepting lifts the sanction (and announces the new state); rejecting keeps it. */
    @WithTransaction
    public Uni<SanctionAppeal> decide(UUID appealId, boolean accept, String resolution, String adminId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return SanctionAppeal.<SanctionAppeal>findById(appealId).onItem().ifNull().failWith(() -> ProblemException.notFound("Appeal " + appealId))
                .chain(appeal -> {
                    if (appeal.status != SanctionAppeal.Status.OPEN) {
                        throw ProblemException.conflict("appeal-decided", "This appeal was already decided");
                    }
                    appeal.status = accept ? SanctionAppeal.Status.ACCEPTED : SanctionAppeal.Status.REJECTED;
                    appeal.resolvedAt = now;
                    appeal.resolvedBy = adminId;
                    appeal.resolution = resolution;
                    if (!accept) {
                        return Uni.createFrom().item(appeal);
                    }
                    return Sanction.<Sanction>findById(appeal.sanctionId).chain(sanction -> {
                        if (sanction.activeAt(now)) {
                            lift(sanction, adminId, "Appeal accepted: " + resolution, now);
                        }
                        return Worker.<Worker>findById(appeal.workerId)
                                .chain(worker -> restate(worker, "Appeal accepted: " + resolution));
                    }).replaceWith(appeal);
                });
    }

    // ---- expiry

    /**
     * Closes sanctions whose expiry passed and drops qualifications that expired, then announces the
     * new state of each annotator concerned. Returns how many annotators changed.
     */
    @WithTransaction
    public Uni<Integer> sweepExpired() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Sanction.<Sanction>list("liftedAt is null and expiresAt <= ?1", now).chain(expired -> {
            Set<String> workerIds = new LinkedHashSet<>();
            for (Sanction s : expired) {
                lift(s, "system", "expired", s.expiresAt);
                workerIds.add(s.workerId);
            }
            return WorkerQualification.<WorkerQualification>list("expiresAt <= ?1", now).chain(grants -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (WorkerQualification g : grants) {
                    workerIds.add(g.workerId);
                    chain = chain.chain(() -> g.delete());
                }
                return chain;
            }).chain(() -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (String id : workerIds) {
                    chain = chain.chain(() -> Worker.<Worker>findById(id)
                            .chain(worker -> restate(worker, "A sanction or qualification expired")));
                }
                return chain.replaceWith(workerIds.size());
            });
        });
    }

    /** The sanction if it is {@code workerId}'s (else 404) and still active (else 409). */
    private static Uni<Sanction> activeSanctionOf(String workerId, UUID sanctionId, OffsetDateTime now) {
        return Sanction.<Sanction>findById(sanctionId).map(sanction -> {
            if (sanction == null || !sanction.workerId.equals(workerId)) {
                throw ProblemException.notFound("Sanction " + sanctionId);
            }
            if (!sanction.activeAt(now)) {
                throw ProblemException.conflict("sanction-not-active", "This sanction is no longer active");
            }
            return sanction;
        });
    }

    private static Uni<Void> closeOpenAppeals(List<Sanction> sanctions, String adminId, String resolution,
                                              OffsetDateTime now) {
        if (sanctions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = sanctions.stream().map(s -> s.id).toList();
        return SanctionAppeal.update("status = ?1, resolvedAt = ?2, resolvedBy = ?3, resolution = ?4 "
                                + "where sanctionId in ?5 and status = ?6",
                        SanctionAppeal.Status.ACCEPTED, now, adminId, resolution, ids, SanctionAppeal.Status.OPEN)
                .replaceWithVoid();
    }

    private static void lift(Sanction sanction, String by, String reason, OffsetDateTime at) {
        sanction.liftedAt = at;
        sanction.liftedBy = by;
        sanction.liftReason = reason;
    }

    private static Sanction newSanction(String workerId, String rule, Sanction.Action action, Sanction.Scope scope,
                                        UUID jobId, String reason, Map<String, Object> evidence, String by,
                                        OffsetDateTime now, Instant expiresAt) {
        Sanction s = new Sanction();
        s.id = UUID.randomUUID();
        s.workerId = workerId;
        s.rule = rule;
        s.action = action;
        s.scope = scope;
        s.jobId = jobId;
        s.reason = reason;
        s.evidence = evidence;
        s.createdBy = by;
        s.createdAt = now;
        s.expiresAt = expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC);
        return s;
    }
}

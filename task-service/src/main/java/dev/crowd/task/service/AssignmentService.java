package dev.crowd.task.service;

import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.Assignment;
import dev.crowd.task.AssignmentTransitions;
import dev.crowd.task.AssignmentTransitions.Action;
import dev.crowd.task.AssignmentTransitions.Decision;
import dev.crowd.task.Job;
import dev.crowd.task.JobModel.LabelDef;
import dev.crowd.task.WorkModel.Answer;
import dev.crowd.task.WorkModel.LeasedWork;
import dev.crowd.task.WorkModel.Submitted;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** An annotator's leased assignments: read, submit answers, give back; and the expiry of leases. */
@ApplicationScoped
public class AssignmentService {

    private static final Logger LOG = Logger.getLogger(AssignmentService.class);

    private static final String MARK_RETURNED = """
            update assignment set status = 'RETURNED', ended_at = ?1
            where id = ?2 and status = 'ACTIVE' and lease_ends_at > ?1""";
    private static final String EXPIRING = """
            select id from assignment where status = 'ACTIVE' and lease_ends_at <= ?1
            order by lease_ends_at limit ?2 for update skip locked""";

    private final WorkQueue queue;
    private final ClaimService claims;
    private final WorkStore store;
    private final SubmitStore submits;

    public AssignmentService(WorkQueue queue, ClaimService claims, WorkStore store, SubmitStore submits) {
        this.queue = queue;
        this.claims = claims;
        this.store = store;
        this.submits = submits;
    }

    public Uni<LeasedWork> get(String workerId, UUID id) {
        return Panache.withSession(() -> own(workerId, id)
                .chain(a -> Job.<Job>findById(a.jobId).chain(job -> claims.view(job, a))));
    }

    /**
     * Stores the answers and announces them (AssignmentSubmitted) once. A replay of the same answers
     * returns the first result and publishes nothing; different answers to a submitted assignment are a
     * conflict; a lapsed or given-back lease is gone (410).
     *
     * <p>Two statements: one read (assignment and job), one write that changes the state, stores the
     * answers and the outbox row together (see {@link SubmitStore#submit}); the 200 follows its commit.
     */
    public Uni<Submitted> submit(String workerId, UUID id, List<Answer> answers) {
        return submits.submitContext(id).chain(a -> {
            if (a == null || !a.workerId().equals(workerId)) {
                throw ProblemException.notFound("Assignment " + id);
            }
            refuseIfSanctioned(a);
            List<Answer> ordered = validate(a.itemIds(), store.labels(a.labelsJson()), answers);
            String digest = digest(ordered);
            // PostgreSQL keeps microseconds: a replay must return exactly the stored instant.
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            Decision decision = AssignmentTransitions.decide(Action.SUBMIT, a.status(), a.leaseEndsAt(), a.endedAt(),
                    a.jobStatus(), now);
            return switch (decision) {
                case Decision.AlreadySubmitted ignored -> Uni.createFrom().item(replay(a, digest, ordered.size()));
                case Decision.LeaseEnded ended -> throw leaseEnded(ended);
                case Decision.JobClosed closed -> throw ProblemException.gone("job-closed",
                        "The job is " + closed.jobStatus() + "; answers are no longer taken");
                case Decision.Proceed proceed -> submits.submit(submittedEvent(a, id, ordered), digest, now).chain(stored -> {
                    if (stored) {
                        return Uni.createFrom().item(new Submitted(id, proceed.to(), now, ordered.size()));
                    }
                    // A concurrent submit (or the sweeper) got there first: answer as it decided.
                    return submits.submitContext(id).map(again -> {
                        if (again.status() == Assignment.Status.SUBMITTED) {
                            return replay(again, digest, ordered.size());
                        }
                        AssignmentTransitions.leaseEnded(again.status(), again.leaseEndsAt(), again.endedAt(),
                                OffsetDateTime.now()).ifPresent(e -> {
                            throw leaseEnded(e);
                        });
                        throw ProblemException.gone("lease-ended", "The lease has ended");
                    });
                });
            };
        });
    }

    /**
     * A suspended or banned annotator's answers (gold included) are neither counted nor paid: they never
     * reach qa-service. Refused before anything is read or written, replays included.
     */
    private static void refuseIfSanctioned(SubmitStore.SubmitContext a) {
        Eligibility standing = a.standing();
        if (standing.blocked()) {
            String status = standing.status().name().toLowerCase();
            throw ProblemException.forbidden("worker-" + status, "You may not submit work: "
                    + (standing.reason() == null ? "your account is " + status : standing.reason()));
        }
        if (a.suspendedFromJob()) {
            throw ProblemException.forbidden("not-eligible", "You may not submit work: you are suspended from this job"
                    + (standing.reason() == null ? "" : ": " + standing.reason()));
        }
    }

    private static AssignmentSubmitted submittedEvent(SubmitStore.SubmitContext a, UUID id, List<Answer> ordered) {
        return new AssignmentSubmitted(UUID.randomUUID(), Instant.now(), a.jobId(), id, a.workerId(), ordered.stream()
                .map(x -> new AssignmentSubmitted.Answer(x.itemId(), x.label(), x.timeSpentMillis()))
                .toList());
    }

    /** The holder gives the micro-job back before the lease ends: its slot reopens (nothing is published). */
    public Uni<Void> giveBack(String workerId, UUID id) {
        return Panache.withTransaction(() -> own(workerId, id).chain(a -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    Decision decision = AssignmentTransitions.decide(Action.RETURN, a.status, a.leaseEndsAt, a.endedAt,
                            null, now);
                    return switch (decision) {
                        case Decision.AlreadySubmitted ignored ->
                                throw ProblemException.conflict("already-submitted", "Submitted work cannot be given back");
                        case Decision.LeaseEnded ended -> throw leaseEnded(ended);
                        case Decision.JobClosed closed -> throw new IllegalStateException("a return does not depend on the job");
                        case Decision.Proceed proceed -> Panache.getSession()
                                .chain(s -> s.createNativeQuery(MARK_RETURNED)
                                        .setParameter(1, now).setParameter(2, a.id).executeUpdate())
                                .map(updated -> {
                                    if (updated == 0) {
                                        throw ProblemException.gone("lease-ended", "The lease has ended");
                                    }
                                    return a;
                                });
                    };
                }))
                .chain(a -> queue.release(a.jobId, a.microJobId, a.goldCount));
    }

    /** Ends leases that ran out: EXPIRED, slot back in the queue (nothing is published). Returns how many. */
    public Uni<Integer> expireDue(int batch) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery(EXPIRING, UUID.class)
                                .setParameter(1, now).setParameter(2, batch).getResultList())
                        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Assignment>of())
                                : Assignment.<Assignment>list("id in ?1", ids))
                        .invoke(expired -> {
                            for (Assignment a : expired) {
                                a.status = AssignmentTransitions.next(a.status, Action.EXPIRE).orElseThrow();
                                a.endedAt = now;
                            }
                        }))
                .call(expired -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Assignment a : expired) {
                        chain = chain.chain(() -> queue.release(a.jobId, a.microJobId, a.goldCount)
                                .onFailure().invoke(f -> LOG.errorf(f, "slot of expired assignment %s not released", a.id))
                                .onFailure().recoverWithNull());
                    }
                    return chain;
                })
                .map(List::size);
    }

    private Uni<Assignment> own(String workerId, UUID id) {
        return Assignment.<Assignment>findById(id).map(a -> {
            if (a == null || !a.workerId.equals(workerId)) {
                throw ProblemException.notFound("Assignment " + id);
            }
            return a;
        });
    }

    private static ProblemException leaseEnded(Decision.LeaseEnded ended) {
        return ProblemException.gone("lease-ended", "The lease " + ended.why() + " at " + ended.at());
    }

    private static Submitted replay(SubmitStore.SubmitContext a, String digest, int count) {
        if (!digest.equals(a.answersDigest())) {
            throw ProblemException.conflict("already-submitted", "This assignment was already submitted with other answers");
        }
        return new Submitted(a.id(), Assignment.Status.SUBMITTED, a.endedAt(), count);
    }

    /** Every item answered exactly once with a label of the set; returns the answers in lease order. */
    private static List<Answer> validate(List<UUID> items, List<LabelDef> labels, List<Answer> answers) {
        Set<String> keys = labels.stream().map(LabelDef::key).collect(Collectors.toSet());
        Set<UUID> expected = Set.copyOf(items);
        Map<UUID, Answer> byItem = new HashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            if (!expected.contains(answer.itemId())) {
                errors.add(new Problem.FieldError("answers[" + i + "].itemId", "not an item of this assignment"));
            } else if (byItem.putIfAbsent(answer.itemId(), answer) != null) {
                errors.add(new Problem.FieldError("answers[" + i + "].itemId", "answered twice"));
            }
            if (!keys.contains(answer.label())) {
                errors.add(new Problem.FieldError("answers[" + i + "].label", "unknown label " + answer.label()));
            }
        }
        for (UUID item : items) {
            if (!byItem.containsKey(item)) {
                errors.add(new Problem.FieldError("answers", "item " + item + " has no answer"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-answers", "The answers are incomplete or invalid", errors);
        }
        return items.stream().map(byItem::get).toList();
    }

    private static String digest(List<Answer> answers) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            answers.stream().sorted(Comparator.comparing(Answer::itemId)).forEach(x ->
                    sha.update((x.itemId() + "|" + x.label() + "|" + x.timeSpentMillis() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

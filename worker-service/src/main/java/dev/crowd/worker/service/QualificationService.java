package dev.crowd.worker.service;

import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.worker.Qualification;
import dev.crowd.worker.QualificationAttempt;
import dev.crowd.worker.Worker;
import dev.crowd.worker.WorkerQualification;
import dev.crowd.worker.QualificationRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Qualifications with tests: definition, serving without answers, server-side scoring, granting. */
@ApplicationScoped
public class QualificationService {

    /** The outcome of one attempt. */
    public record Outcome(QualificationAttempt attempt, Qualification qualification, WorkerQualification grant,
                          OffsetDateTime nextAttemptAt) {
    }

    private final WorkerService workers;
    private final SanctionService sanctions;

    public QualificationService(WorkerService workers, SanctionService sanctions) {
        this.workers = workers;
        this.sanctions = sanctions;
    }

    @WithTransaction
    public Uni<Qualification> define(QualificationRequest request, String ownerId) {
        List<Qualification.Question> questions = validate(request);
        return Qualification.count("code", request.code()).chain(existing -> {
            if (existing > 0) {
                throw ProblemException.conflict("qualification-code-taken", "A qualification with code "
                        + request.code() + " exists already").with("field", "code");
            }
            Qualification q = new Qualification();
            q.id = UUID.randomUUID();
            q.code = request.code();
            q.name = request.name().trim();
            q.description = request.description();
            q.ownerId = ownerId;
            q.passMark = request.passMark();
            q.retakeCooldownHours = request.retakeCooldownHours();
            q.validityDays = request.validityDays();
            q.questions = questions;
            q.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return q.persist();
        });
    }

    @WithSession
    public Uni<List<Qualification>> list() {
        return Qualification.listAll(Sort.by("code"));
    }

    @WithSession
    public Uni<Qualification> find(UUID id) {
        return Qualification.<Qualification>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Qualification " + id));
    }

    /** The earliest time {@code workerId} may take the test again (null: now). In a session. */
    public Uni<OffsetDateTime> nextAttemptAt(Qualification q, String workerId) {
        return QualificationAttempt.<QualificationAttempt>find("qualificationId = ?1 and workerId = ?2 order by takenAt desc",
                        q.id, workerId).firstResult()
                .map(last -> {
                    if (last == null) {
                        return null;
                    }
                    OffsetDateTime next = last.takenAt.plusHours(q.retakeCooldownHours);
                    return next.isAfter(OffsetDateTime.now(ZoneOffset.UTC)) ? next : null;
                });
    }

    @WithSession
    public Uni<Qualification> testFor(UUID id, String workerId) {
        return find(id).chain(q -> nextAttemptAt(q, workerId).map(next -> {
            if (next != null) {
                throw coolingDown(next);
            }
            return q;
        }));
    }

    /**
     * Scores the answers (question id to chosen option); a pass grants the qualification and announces it.
     * An annotator's attempts run one at a time (a transaction-scoped advisory lock on the annotator), and
     * the cooldown is read under that lock: parallel attempts cannot all pass the check and each learn a
     * {@code correct} count, which would let them probe the key one answer at a time.
     */
    @WithTransaction
    public Uni<Outcome> attempt(UUID id, String workerId, Map<String, String> answers) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ATTEMPT_LOCK, Long.class)
                        .setParameter(1, ATTEMPT_LOCK_SPACE).setParameter(2, workerId).getSingleResult())
                .chain(locked -> Qualification.<Qualification>findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Qualification " + id))
                .chain(q -> nextAttemptAt(q, workerId).chain(next -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    if (next != null) {
                        throw coolingDown(next);
                    }
                    checkAnswers(q, answers);
                    return workers.findOrRegister(workerId).chain(worker -> score(q, worker, answers, now));
                }));
    }

    /** The first key of the advisory lock that serializes one annotator's qualification attempts. */
    private static final int ATTEMPT_LOCK_SPACE = 0x5155414c; // "QUAL"
    private static final String ATTEMPT_LOCK = "select count(*) from (select pg_advisory_xact_lock(?1, hashtext(?2))) locked";

    @WithSession
    public Uni<List<QualificationAttempt>> attemptsOf(String workerId) {
        return QualificationAttempt.list("workerId = ?1 order by takenAt desc", workerId);
    }

    @WithSession
    public Uni<List<WorkerQualification>> grantsOf(String workerId) {
        return WorkerQualification.list("workerId = ?1 order by code", workerId);
    }

    private Uni<Outcome> score(Qualification q, Worker worker, Map<String, String> answers, OffsetDateTime now) {
        int correct = 0;
        for (Qualification.Question question : q.questions) {
            if (question.answer().equals(answers.get(question.id()))) {
                correct++;
            }
        }
        int total = q.questions.size();
        QualificationAttempt attempt = new QualificationAttempt();
        attempt.id = UUID.randomUUID();
        attempt.qualificationId = q.id;
        attempt.workerId = worker.id;
        attempt.correct = correct;
        attempt.total = total;
        attempt.score = correct * 100 / total;
        // passed when correct/total >= passMark%, in integers (no rounding up to a pass)
        attempt.passed = correct * 100 >= q.passMark * total;
        attempt.takenAt = now;
        OffsetDateTime next = now.plusHours(q.retakeCooldownHours);
        Uni<WorkerQualification> grant = attempt.passed ? grant(q, worker, attempt, now) : Uni.createFrom().nullItem();
        return attempt.persist().chain(() -> grant)
                .map(g -> new Outcome(attempt, q, g, q.retakeCooldownHours == 0 ? null : next));
    }

    private Uni<WorkerQualification> grant(Qualification q, Worker worker, QualificationAttempt attempt, OffsetDateTime now) {
        return WorkerQualification.<WorkerQualification>findById(new WorkerQualification.Key(worker.id, q.id))
                .chain(existing -> {
                    WorkerQualification g = existing != null ? existing : new WorkerQualification();
                    g.workerId = worker.id;
                    g.qualificationId = q.id;
                    g.code = q.code;
                    g.score = attempt.score;
                    g.grantedAt = now;
                    g.expiresAt = q.validityDays == null ? null : now.plusDays(q.validityDays);
                    Uni<WorkerQualification> saved = existing != null ? Uni.createFrom().item(g) : g.persist();
                    return saved.chain(s -> sanctions.restate(worker, "Qualification " + q.code + " granted")
                            .replaceWith(s));
                });
    }

    private static ProblemException coolingDown(OffsetDateTime next) {
        return ProblemException.conflict("retake-cooldown", "You can take this test again at " + next)
                .with("nextAttemptAt", next.toString());
    }

    private static void checkAnswers(Qualification q, Map<String, String> answers) {
        if (answers == null) {
            throw ProblemException.invalidField("answers", "must not be null");
        }
        Set<String> ids = new HashSet<>();
        q.questions.forEach(question -> ids.add(question.id()));
        List<Problem.FieldError> errors = new ArrayList<>();
        answers.keySet().stream().filter(k -> !ids.contains(k)).sorted()
                .forEach(k -> errors.add(new Problem.FieldError("answers." + k, "not a question of this test")));
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-answers", "answers name unknown questions", errors);
        }
    }

    /** Checks what Bean Validation cannot: each answer is one of its options, options are distinct. */
    static List<Qualification.Question> validate(QualificationRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Qualification.Question> questions = new ArrayList<>();
        for (int i = 0; i < request.questions().size(); i++) {
            QualificationRequest.Question in = request.questions().get(i);
            List<String> options = in.options().stream().map(String::trim).toList();
            if (new HashSet<>(options).size() != options.size()) {
                errors.add(new Problem.FieldError("questions[" + i + "].options", "options must be distinct"));
            }
            if (!options.contains(in.answer().trim())) {
                errors.add(new Problem.FieldError("questions[" + i + "].answer", "must be one of the options"));
            }
            questions.add(new Qualification.Question("q" + (i + 1), in.prompt().trim(), options, in.answer().trim()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-test", errors.getFirst().field() + ": "
                    + errors.getFirst().message(), errors);
        }
        return questions;
    }
}

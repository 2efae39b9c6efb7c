package dev.crowd.worker.rest;

import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.worker.SanctionAppeal;
import dev.crowd.worker.Qualification;
import dev.crowd.worker.QualificationAttempt;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.TrustRecord;
import dev.crowd.worker.Worker;
import dev.crowd.worker.WorkerQualification;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Response bodies. Known answers of qualification tests appear only in {@link QualificationDetail}. */
public final class Views {

    public record WorkerView(String id, String displayName, List<String> languages, List<String> skills,
                             String country, String timezone, WorkerStatus status, String statusReason, int trust,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        public static WorkerView of(Worker w) {
            return new WorkerView(w.id, w.displayName, w.languages, w.skills, w.country, w.timezone, w.status,
                    w.statusReason, w.trust, w.createdAt, w.updatedAt);
        }
    }

    public record SanctionView(UUID id, String rule, Sanction.Action action, Sanction.Scope scope, UUID jobId,
                               String reason, Map<String, Object> evidence, OffsetDateTime createdAt,
                               OffsetDateTime expiresAt, boolean active, OffsetDateTime liftedAt, String liftReason) {
        public static SanctionView of(Sanction s) {
            return new SanctionView(s.id, s.rule, s.action, s.scope, s.jobId, s.reason, s.evidence, s.createdAt,
                    s.expiresAt, s.activeAt(OffsetDateTime.now()), s.liftedAt, s.liftReason);
        }
    }

    /** What an annotator sees of their standing: status, why, what is active, and how to appeal. */
    public record Standing(WorkerStatus status, String reason, List<SanctionView> activeSanctions, String howToAppeal) {
    }

    public record GrantView(String code, UUID qualificationId, int score, OffsetDateTime grantedAt,
                            OffsetDateTime expiresAt) {
        public static GrantView of(WorkerQualification g) {
            return new GrantView(g.code, g.qualificationId, g.score, g.grantedAt, g.expiresAt);
        }
    }

    public record MyProfile(WorkerView profile, Standing standing, List<GrantView> qualifications) {
    }

    public record TrustPoint(int trust, double goldAccuracy, double agreement, long volume, UUID jobId,
                             OffsetDateTime recordedAt) {
        public static TrustPoint of(TrustRecord r) {
            return new TrustPoint(r.trust, r.goldAccuracy, r.agreement, r.volume, r.jobId, r.recordedAt);
        }
    }

    public record TrustView(int trust, String formula, List<TrustPoint> history) {
    }

    public record AttemptView(UUID id, UUID qualificationId, int correct, int total, int score, boolean passed,
                              OffsetDateTime takenAt) {
        public static AttemptView of(QualificationAttempt a) {
            return new AttemptView(a.id, a.qualificationId, a.correct, a.total, a.score, a.passed, a.takenAt);
        }
    }

    public record MyQualifications(List<GrantView> granted, List<AttemptView> attempts) {
    }

    public record AttemptResult(AttemptView attempt, String qualification, boolean granted, OffsetDateTime expiresAt,
                                OffsetDateTime nextAttemptAt) {
    }

    public record QualificationSummary(UUID id, String code, String name, String description, int passMark,
                                       int retakeCooldownHours, Integer validityDays, int questionCount) {
        public static QualificationSummary of(Qualification q) {
            return new QualificationSummary(q.id, q.code, q.name, q.description, q.passMark, q.retakeCooldownHours,
                    q.validityDays, q.questions.size());
        }
    }

    /** For the owner and admins: the questions with their known answers. */
    public record QualificationDetail(QualificationSummary qualification, String ownerId,
                                      List<Qualification.Question> questions) {
    }

    /** A question as an annotator sees it: no answer. */
    public record TestQuestion(String id, String prompt, List<String> options) {
    }

    public record TestView(UUID qualificationId, String code, String name, int passMark, List<TestQuestion> questions) {
        public static TestView of(Qualification q) {
            return new TestView(q.id, q.code, q.name, q.passMark,
                    q.questions.stream().map(x -> new TestQuestion(x.id(), x.prompt(), x.options())).toList());
        }
    }

    public record SanctionAppealView(UUID id, UUID sanctionId, String workerId, String message, SanctionAppeal.Status status,
                             OffsetDateTime createdAt, OffsetDateTime resolvedAt, String resolution) {
        public static SanctionAppealView of(SanctionAppeal a) {
            return new SanctionAppealView(a.id, a.sanctionId, a.workerId, a.message, a.status, a.createdAt, a.resolvedAt,
                    a.resolution);
        }
    }

    public record AdminWorkerView(WorkerView profile, List<GrantView> qualifications, List<SanctionView> sanctions,
                                  List<TrustPoint> recentTrust) {
    }

    public record WorkerPage(List<WorkerView> items, int page, int size, long total) {
    }

    private Views() {
    }
}

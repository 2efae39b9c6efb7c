package dev.crowd.qa.service;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.qa.AnswerAppeal;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.core.AnnotatorReasons;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Appeals against rejections: an annotator appeals their own rejected answer once; an admin upholds
 * (the answer becomes accepted and a corrective AnswersReviewed lets payment-service pay it) or denies.
 */
@ApplicationScoped
public class AppealService {

    private final Outbox outbox;

    public AppealService(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * What an appeal shows its reader.
     *
     * @param rejectionReason why the answer was rejected; annotators get {@link AnnotatorReasons}' wording,
     *                        the same for gold and regular items
     * @param decidedBy       the deciding admin, for admins only
     */
    public record AppealReport(UUID id, UUID jobId, UUID itemId, UUID assignmentId, String workerId, String answer,
                               String rejectionReason, String comment, String status, String decisionComment,
                               String decidedBy, OffsetDateTime createdAt, OffsetDateTime decidedAt) {
    }

    /** An annotator appeals their own rejected answer to {@code itemId} in {@code assignmentId}, once. */
    public Uni<AppealReport> create(String workerId, UUID assignmentId, UUID itemId, String comment) {
        return Panache.withTransaction(() -> Judgment.<Judgment>find("assignmentId = ?1 and itemId = ?2",
                        assignmentId, itemId).firstResult()
                .chain(judgment -> {
                    if (judgment == null || !judgment.workerId.equals(workerId)) {
                        throw ProblemException.notFound("Answer to item " + itemId + " in assignment " + assignmentId);
                    }
                    // a held gold verdict is not published yet: the answer reads as not reviewed, like any other
                    boolean reviewed = judgment.verdict != null && !judgment.verdictHeld;
                    if (!reviewed || judgment.verdict != Judgment.Verdict.REJECTED) {
                        throw ProblemException.conflict("answer-not-rejected",
                                !reviewed ? "This answer has not been reviewed yet"
                                        : "Only a rejected answer can be appealed");
                    }
                    return AnswerAppeal.<AnswerAppeal>find("assignmentId = ?1 and itemId = ?2", assignmentId,
                            itemId).firstResult().chain(existing -> {
                        if (existing != null) {
                            throw ProblemException.conflict("already-appealed", "This answer was already appealed")
                                    .with("appealId", existing.id);
                        }
                        AnswerAppeal appeal = new AnswerAppeal();
                        appeal.id = UUID.randomUUID();
                        appeal.jobId = judgment.jobId;
                        appeal.itemId = judgment.itemId;
                        appeal.assignmentId = judgment.assignmentId;
                        appeal.workerId = workerId;
                        appeal.comment = comment.strip();
                        appeal.status = AnswerAppeal.Status.PENDING;
                        appeal.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                        return appeal.persist().map(a -> view(appeal, judgment, false));
                    });
                }));
    }

    /** Admins: the queue, oldest first, optionally one status. */
    public Uni<List<AppealReport>> queue(AnswerAppeal.Status status, int limit) {
        return Panache.withSession(() -> (status == null
                ? AnswerAppeal.<AnswerAppeal>find("order by createdAt, id")
                : AnswerAppeal.<AnswerAppeal>find("status = ?1 order by createdAt, id", status))
                .page(0, limit).list()
                .chain(appeals -> withJudgments(appeals, true)));
    }

    /** An annotator's own appeals, newest first. */
    public Uni<List<AppealReport>> mine(String workerId, int limit) {
        return Panache.withSession(() -> AnswerAppeal.<AnswerAppeal>find("workerId = ?1 order by createdAt desc, id", workerId)
                .page(0, limit).list()
                .chain(appeals -> withJudgments(appeals, false)));
    }

    /** One appeal: its annotator or an admin; anyone else gets 404. */
    public Uni<AppealReport> get(UUID id, String callerId, boolean admin) {
        return Panache.withSession(() -> AnswerAppeal.<AnswerAppeal>findById(id).chain(appeal -> {
            if (appeal == null || (!admin && !appeal.workerId.equals(callerId))) {
                throw ProblemException.notFound("Appeal " + id);
            }
            return withJudgments(List.of(appeal), admin).map(List::getFirst);
        }));
    }

    /** An admin upholds ({@code uphold}) or denies a pending appeal. */
    public Uni<AppealReport> decide(UUID id, String adminId, boolean uphold, String comment) {
        return Panache.withTransaction(() -> AnswerAppeal.<AnswerAppeal>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(appeal -> {
            if (appeal == null) {
                throw ProblemException.notFound("Appeal " + id);
            }
            if (appeal.status != AnswerAppeal.Status.PENDING) {
                throw ProblemException.conflict("appeal-decided", "This appeal was already " + appeal.status.name().toLowerCase());
            }
            appeal.status = uphold ? AnswerAppeal.Status.UPHELD : AnswerAppeal.Status.DENIED;
            appeal.decidedBy = adminId;
            appeal.decisionComment = comment;
            appeal.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
            // The job's lock keeps this from racing with the consensus of the same job.
            return QaJob.<QaJob>findById(appeal.jobId, LockModeType.PESSIMISTIC_WRITE)
                    .chain(() -> Judgment.<Judgment>find("assignmentId = ?1 and itemId = ?2", appeal.assignmentId,
                            appeal.itemId).<Judgment>firstResult())
                    .chain((Judgment judgment) -> {
                        if (appeal.status == AnswerAppeal.Status.DENIED) {
                            return Uni.createFrom().item(view(appeal, judgment, true));
                        }
                        String previous = judgment.reason;
                        judgment.verdict = Judgment.Verdict.ACCEPTED;
                        judgment.reason = "appeal upheld (was: " + previous + ")";
                        judgment.reviewedAt = appeal.decidedAt;
                        AnswersReviewed corrective = new AnswersReviewed(UUID.randomUUID(), Instant.now(), appeal.jobId,
                                true, List.of(new AnswersReviewed.Verdict(appeal.assignmentId, appeal.itemId,
                                appeal.workerId, true, null)));
                        return WorkerQualityRecord.<WorkerQualityRecord>find("jobId = ?1 and workerId = ?2",
                                        appeal.jobId, appeal.workerId).firstResult()
                                .invoke(record -> {
                                    // the answer now counts as right in the annotator's record too
                                    if (record != null && judgment.gold) {
                                        record.goldCorrect++;
                                    } else if (record != null && previous != null && previous.startsWith("consensus")) {
                                        record.agreed++;
                                    }
                                })
                                .chain(() -> outbox.publish(corrective))
                                .map(v -> view(appeal, judgment, true));
                    });
        }));
    }

    private Uni<List<AppealReport>> withJudgments(List<AnswerAppeal> appeals, boolean admin) {
        if (appeals.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> assignments = appeals.stream().map(a -> a.assignmentId).distinct().toList();
        return Judgment.<Judgment>list("assignmentId in ?1", assignments).map(judgments -> {
            Map<String, Judgment> byKey = judgments.stream()
                    .collect(Collectors.toMap(j -> j.assignmentId + "/" + j.itemId, Function.identity()));
            return appeals.stream().map(a -> view(a, byKey.get(a.assignmentId + "/" + a.itemId), admin)).toList();
        });
    }

    static AppealReport view(AnswerAppeal appeal, Judgment judgment, boolean admin) {
        String reason = judgment == null ? null : judgment.reason;
        if (!admin && judgment != null) {
            reason = AnnotatorReasons.forAnnotator(reason, judgment.verdict == Judgment.Verdict.ACCEPTED);
        }
        return new AppealReport(appeal.id, appeal.jobId, appeal.itemId, appeal.assignmentId, appeal.workerId,
                judgment == null ? null : judgment.label, reason, appeal.comment, appeal.status.name(),
                appeal.decisionComment, admin ? appeal.decidedBy : null, appeal.createdAt, appeal.decidedAt);
    }
}

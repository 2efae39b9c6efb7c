package dev.crowd.qa.service;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.qa.Appeal;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.rest.AppealViews.AppealView;
import dev.crowd.qa.rest.AppealViews.Decision;
import dev.crowd.qa.rest.AppealViews.NewAppeal;
import dev.crowd.qa.rest.AppealViews.Outcome;
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

    /** What an annotator is told about a rejected control answer: never the expected label. */
    public static final String GOLD_REASON_FOR_ANNOTATOR = "control item answered incorrectly";

    private final Outbox outbox;

    public AppealService(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<AppealView> create(String workerId, NewAppeal request) {
        return Panache.withTransaction(() -> Judgment.<Judgment>find("assignmentId = ?1 and itemId = ?2",
                        request.assignmentId(), request.itemId()).firstResult()
                .chain(judgment -> {
                    if (judgment == null || !judgment.workerId.equals(workerId)) {
                        throw ProblemException.notFound("Answer to item " + request.itemId() + " in assignment "
                                + request.assignmentId());
                    }
                    if (judgment.verdict != Judgment.Verdict.REJECTED) {
                        throw ProblemException.conflict("answer-not-rejected",
                                judgment.verdict == null ? "This answer has not been reviewed yet"
                                        : "Only a rejected answer can be appealed");
                    }
                    return Appeal.<Appeal>find("assignmentId = ?1 and itemId = ?2", request.assignmentId(),
                            request.itemId()).firstResult().chain(existing -> {
                        if (existing != null) {
                            throw ProblemException.conflict("already-appealed", "This answer was already appealed")
                                    .with("appealId", existing.id);
                        }
                        Appeal appeal = new Appeal();
                        appeal.id = UUID.randomUUID();
                        appeal.jobId = judgment.jobId;
                        appeal.itemId = judgment.itemId;
                        appeal.assignmentId = judgment.assignmentId;
                        appeal.workerId = workerId;
                        appeal.comment = request.comment().strip();
                        appeal.status = Appeal.Status.PENDING;
                        appeal.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                        return appeal.persist().map(a -> view(appeal, judgment, false));
                    });
                }));
    }

    /** Admins: the queue, oldest first, optionally one status. */
    public Uni<List<AppealView>> queue(Appeal.Status status, int limit) {
        return Panache.withSession(() -> (status == null
                ? Appeal.<Appeal>find("order by createdAt, id")
                : Appeal.<Appeal>find("status = ?1 order by createdAt, id", status))
                .page(0, limit).list()
                .chain(appeals -> withJudgments(appeals, true)));
    }

    /** An annotator's own appeals, newest first. */
    public Uni<List<AppealView>> mine(String workerId, int limit) {
        return Panache.withSession(() -> Appeal.<Appeal>find("workerId = ?1 order by createdAt desc, id", workerId)
                .page(0, limit).list()
                .chain(appeals -> withJudgments(appeals, false)));
    }

    /** One appeal: its annotator or an admin; anyone else gets 404. */
    public Uni<AppealView> get(UUID id, String callerId, boolean admin) {
        return Panache.withSession(() -> Appeal.<Appeal>findById(id).chain(appeal -> {
            if (appeal == null || (!admin && !appeal.workerId.equals(callerId))) {
                throw ProblemException.notFound("Appeal " + id);
            }
            return withJudgments(List.of(appeal), admin).map(List::getFirst);
        }));
    }

    public Uni<AppealView> decide(UUID id, String adminId, Decision decision) {
        return Panache.withTransaction(() -> Appeal.<Appeal>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(appeal -> {
            if (appeal == null) {
                throw ProblemException.notFound("Appeal " + id);
            }
            if (appeal.status != Appeal.Status.PENDING) {
                throw ProblemException.conflict("appeal-decided", "This appeal was already " + appeal.status.name().toLowerCase());
            }
            appeal.status = decision.outcome() == Outcome.UPHOLD ? Appeal.Status.UPHELD : Appeal.Status.DENIED;
            appeal.decidedBy = adminId;
            appeal.decisionComment = decision.comment();
            appeal.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
            // The job's lock keeps this from racing with the consensus of the same job.
            return QaJob.<QaJob>findById(appeal.jobId, LockModeType.PESSIMISTIC_WRITE)
                    .chain(() -> Judgment.<Judgment>find("assignmentId = ?1 and itemId = ?2", appeal.assignmentId,
                            appeal.itemId).<Judgment>firstResult())
                    .chain((Judgment judgment) -> {
                        if (appeal.status == Appeal.Status.DENIED) {
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

    private Uni<List<AppealView>> withJudgments(List<Appeal> appeals, boolean admin) {
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

    static AppealView view(Appeal appeal, Judgment judgment, boolean admin) {
        String reason = judgment == null ? null : judgment.reason;
        if (!admin && judgment != null && judgment.gold && reason != null) {
            reason = judgment.verdict == Judgment.Verdict.ACCEPTED ? "appeal upheld" : GOLD_REASON_FOR_ANNOTATOR;
        }
        return new AppealView(appeal.id, appeal.jobId, appeal.itemId, appeal.assignmentId, appeal.workerId,
                judgment == null ? null : judgment.label, reason, appeal.comment, appeal.status.name(),
                appeal.decisionComment, admin ? appeal.decidedBy : null, appeal.createdAt, appeal.decidedAt);
    }
}

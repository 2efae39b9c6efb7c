package dev.crowd.contracts.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.crowd.answers.AnswerConfig;
import dev.crowd.answers.AnswerType;
import dev.crowd.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A requester submitted a priced job. payment-service reserves {@code budget} into escrow;
 * qa-service keeps the answer configuration and the overlap policy.
 *
 * @param taskType          the answer type's wire name ({@code single-label}, {@code multi-label}, {@code spans}, ...)
 * @param labels            the label keys, entity types or box classes
 * @param rewardPerJudgment paid to the annotator for each accepted answer
 * @param feePerJudgment    platform fee charged for each accepted answer
 * @param maxJudgments      items × policy maximum: the most answers the job can ever pay for
 * @param budget            maxJudgments × (reward + fee): what escrow must hold
 * @param answerConfig      the answer type, labels and thresholds answers are judged by; null in events
 *                          written before answer types existed (read it with {@link #answerConfigOrDefault()})
 */
public record JobSubmitted(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        String requesterId,
        String title,
        String taskType,
        List<String> labels,
        long itemCount,
        long goldCount,
        OverlapPolicy overlap,
        Money rewardPerJudgment,
        Money feePerJudgment,
        long maxJudgments,
        Money budget,
        AnswerConfig answerConfig) implements JobEvent {

    @JsonCreator
    public JobSubmitted {
    }

    /** A single-label job with the default thresholds. */
    public JobSubmitted(UUID eventId, Instant occurredAt, UUID jobId, String requesterId, String title, String taskType,
                        List<String> labels, long itemCount, long goldCount, OverlapPolicy overlap,
                        Money rewardPerJudgment, Money feePerJudgment, long maxJudgments, Money budget) {
        this(eventId, occurredAt, jobId, requesterId, title, taskType, labels, itemCount, goldCount, overlap,
                rewardPerJudgment, feePerJudgment, maxJudgments, budget, null);
    }

    /** The configuration answers are judged by: the one carried, else single-label over {@code labels}. */
    public AnswerConfig answerConfigOrDefault() {
        if (answerConfig != null) {
            return answerConfig;
        }
        AnswerType type = AnswerType.parse(taskType);
        return AnswerConfig.of(type == null ? AnswerType.SINGLE_LABEL : type, labels, null, null, null);
    }
}

package dev.crowd.contracts.quality;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;

import java.util.UUID;

/** Events on {@code crowd.quality}, keyed by job id. Produced by qa-service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ItemResolved.class),
        @JsonSubTypes.Type(AnswersReviewed.class),
        @JsonSubTypes.Type(JudgmentsRequested.class),
        @JsonSubTypes.Type(WorkerScored.class)
})
public sealed interface QualityEvent extends CrowdEvent
        permits ItemResolved, AnswersReviewed, JudgmentsRequested, WorkerScored {

    UUID jobId();

    @Override
    default String key() {
        return jobId().toString();
    }

    @Override
    default String topic() {
        return Topics.QUALITY;
    }
}

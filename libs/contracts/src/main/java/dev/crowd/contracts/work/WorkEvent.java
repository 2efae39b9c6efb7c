package dev.crowd.contracts.work;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;

import java.util.UUID;

/** Events on {@code crowd.work}, keyed by job id. Produced by task-service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(AssignmentSubmitted.class)
})
public sealed interface WorkEvent extends CrowdEvent
        permits AssignmentSubmitted {

    UUID jobId();

    UUID assignmentId();

    String workerId();

    @Override
    default String key() {
        return jobId().toString();
    }

    @Override
    default String topic() {
        return Topics.WORK;
    }
}

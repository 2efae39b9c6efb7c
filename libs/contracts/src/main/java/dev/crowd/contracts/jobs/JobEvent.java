package dev.crowd.contracts.jobs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;

import java.util.UUID;

/** Events on {@code crowd.jobs}, keyed by job id. Produced by task-service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(JobSubmitted.class),
        @JsonSubTypes.Type(JobPaused.class),
        @JsonSubTypes.Type(JobCancelled.class),
        @JsonSubTypes.Type(JobCompleted.class),
        @JsonSubTypes.Type(GoldRegistered.class)
})
public sealed interface JobEvent extends CrowdEvent
        permits JobSubmitted, JobPaused, JobCancelled, JobCompleted, GoldRegistered {

    UUID jobId();

    @Override
    default String key() {
        return jobId().toString();
    }

    @Override
    default String topic() {
        return Topics.JOBS;
    }
}

package dev.crowd.contracts.workers;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;

/** Events on {@code crowd.workers}, keyed by worker id (the Keycloak subject). Produced by worker-service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(WorkerRegistered.class),
        @JsonSubTypes.Type(WorkerProfileChanged.class)
})
public sealed interface WorkerEvent extends CrowdEvent permits WorkerRegistered, WorkerProfileChanged {

    String workerId();

    @Override
    default String key() {
        return workerId();
    }

    @Override
    default String topic() {
        return Topics.WORKERS;
    }
}

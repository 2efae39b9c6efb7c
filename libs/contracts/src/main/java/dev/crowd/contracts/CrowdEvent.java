package dev.crowd.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event on every topic. The {@code type} is the record's simple name and is written by the
 * per-topic sealed interface ({@code @JsonTypeInfo}); {@code version} is the schema version of that
 * type, bumped only for a breaking change (consumers then handle both).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public interface CrowdEvent {

    /** Unique per event; consumers record it to make redelivery a no-op. */
    UUID eventId();

    /** When the fact happened at its producer. */
    Instant occurredAt();

    /** The Kafka record key: order is guaranteed only among events with the same key. */
    String key();

    /** The topic this event belongs to. */
    String topic();

    @JsonProperty(value = "version", access = JsonProperty.Access.READ_ONLY)
    default int version() {
        return 1;
    }

    /** The CloudEvents type, e.g. {@code crowd.jobs.JobSubmitted.v1}. */
    default String cloudEventType() {
        return topic() + "." + getClass().getSimpleName() + ".v" + version();
    }
}

package dev.crowd.platform.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An event this service has applied; its presence makes a redelivery a no-op. Written by {@link Inbox}. */
@Entity
@Table(name = "processed_event")
@IdClass(ProcessedEvent.Key.class)
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    public String consumer;

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "processed_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime processedAt;

    public record Key(String consumer, UUID eventId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}

package dev.crowd.task;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A labeling job posted by a requester. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    public enum Status { DRAFT, FUNDING, ACTIVE, PAUSED, COMPLETED, REJECTED, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "requester_id", nullable = false)
    public String requesterId;

    @Column(nullable = false)
    public String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}

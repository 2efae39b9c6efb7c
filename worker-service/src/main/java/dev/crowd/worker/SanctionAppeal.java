package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An annotator's appeal against one of their sanctions (not to be confused with qa-service's appeal of an answer's verdict). */
@Entity
@Table(name = "appeal")
public class SanctionAppeal extends PanacheEntityBase {

    public enum Status { OPEN, ACCEPTED, REJECTED }

    @Id
    public UUID id;

    @Column(name = "sanction_id", nullable = false)
    public UUID sanctionId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(nullable = false)
    public String message;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    public String resolution;
}

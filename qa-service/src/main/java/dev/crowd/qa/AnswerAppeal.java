package dev.crowd.qa;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An annotator's appeal against the rejection of one of their answers (table {@code appeal}). */
@Entity
@Table(name = "appeal")
public class AnswerAppeal extends PanacheEntityBase {

    public enum Status { PENDING, UPHELD, DENIED }

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "item_id", nullable = false)
    public UUID itemId;

    @Column(name = "assignment_id", nullable = false)
    public UUID assignmentId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(nullable = false)
    public String comment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decision_comment")
    public String decisionComment;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
}

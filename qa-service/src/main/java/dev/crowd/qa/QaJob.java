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

/** What qa-service keeps of a job: its owner, label set and overlap policy (from JobSubmitted). */
@Entity
@Table(name = "qa_job")
public class QaJob extends PanacheEntityBase {

    public enum Status { ACTIVE, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "requester_id", nullable = false)
    public String requesterId;

    @Column(nullable = false)
    public String title;

    /** JSON array of labels. */
    @Column(nullable = false)
    public String labels;

    @Column(name = "min_judgments", nullable = false)
    public int minJudgments;

    @Column(name = "max_judgments", nullable = false)
    public int maxJudgments;

    @Column(name = "target_confidence", nullable = false)
    public double targetConfidence;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** JSON array of class priors from the last full estimation, null before it. */
    public String priors;

    /** New judgments since the last full estimation. */
    @Column(nullable = false)
    public boolean dirty;

    @Column(name = "estimated_at")
    public OffsetDateTime estimatedAt;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}

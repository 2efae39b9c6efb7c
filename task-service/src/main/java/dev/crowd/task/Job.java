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

/**
 * A labeling job posted by a requester. Life cycle:
 * DRAFT → FUNDING → ACTIVE ⇄ PAUSED → COMPLETED; FUNDING → REJECTED; ACTIVE|PAUSED → CANCELLED.
 * List-valued settings (labels, skills, qualifications) are JSON text, read through {@code JobView}.
 */
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
    @Column(nullable = false)
    public String instructions;
    @Enumerated(EnumType.STRING)
    @Column(name = "task_type", nullable = false)
    public TaskType taskType;
    @Column(nullable = false)
    public String labels;
    @Column(name = "min_judgments", nullable = false)
    public int minJudgments;
    @Column(name = "max_judgments", nullable = false)
    public int maxJudgments;
    @Column(name = "target_confidence", nullable = false)
    public double targetConfidence;
    @Column(nullable = false)
    public String currency;
    @Column(name = "reward_amount", nullable = false)
    public long rewardAmount;
    @Column(name = "fee_amount")
    public Long feeAmount;
    @Column(name = "budget_amount")
    public Long budgetAmount;
    @Column(name = "max_total_judgments")
    public Long maxTotalJudgments;
    @Column(name = "micro_job_size", nullable = false)
    public int microJobSize;
    @Column(name = "lease_seconds", nullable = false)
    public int leaseSeconds;
    @Column(name = "gold_per_micro_job", nullable = false)
    public int goldPerMicroJob;
    @Column(name = "min_trust", nullable = false)
    public int minTrust;
    @Column(nullable = false)
    public String skills;
    @Column(nullable = false)
    public String qualifications;
    public OffsetDateTime deadline;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "status_reason")
    public String statusReason;
    @Column(name = "shortfall_amount")
    public Long shortfallAmount;
    @Column(name = "item_count", nullable = false)
    public long itemCount;
    @Column(name = "gold_count", nullable = false)
    public long goldCount;
    @Column(name = "resolved_count", nullable = false)
    public long resolvedCount;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Column(name = "activated_at")
    public OffsetDateTime activatedAt;
    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    /** Moves the job along {@link JobTransitions}; an illegal move throws and changes nothing. */
    public JobTransitions.Transition apply(JobTransitions.Action action, OffsetDateTime now) {
        JobTransitions.Transition t = JobTransitions.require(status, action);
        status = t.to();
        updatedAt = now;
        return t;
    }
}

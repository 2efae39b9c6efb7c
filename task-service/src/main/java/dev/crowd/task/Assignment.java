package dev.crowd.task;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A micro-job leased to one annotator: ACTIVE (leased) → SUBMITTED; ACTIVE → EXPIRED | RETURNED. */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    public enum Status { ACTIVE, SUBMITTED, EXPIRED, RETURNED }

    @Id
    public UUID id;
    @Column(name = "job_id", nullable = false)
    public UUID jobId;
    @Column(name = "micro_job_id", nullable = false)
    public long microJobId;
    @Column(name = "worker_id", nullable = false)
    public String workerId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    /** Comma-separated, in the order the annotator sees them (gold mixed in). */
    @Column(name = "item_ids", nullable = false)
    public String itemIds;
    @Column(name = "gold_count", nullable = false)
    public int goldCount;
    @Column(name = "leased_at", nullable = false)
    public OffsetDateTime leasedAt;
    @Column(name = "lease_ends_at", nullable = false)
    public OffsetDateTime leaseEndsAt;
    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
    /** Canonical digest of the submitted answers: a resubmission with the same digest is a replay. */
    @Column(name = "answers_digest")
    public String answersDigest;

    public List<UUID> items() {
        return Arrays.stream(itemIds.split(",")).map(UUID::fromString).toList();
    }
}

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

/** One annotator's answer on one item, and its review. Unique per (assignment, item). */
@Entity
@Table(name = "judgment")
public class Judgment extends PanacheEntityBase {

    public enum Verdict { ACCEPTED, REJECTED }

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
    public String label;

    @Column(name = "time_spent_millis", nullable = false)
    public long timeSpentMillis;

    @Column(nullable = false)
    public boolean gold;

    /** The annotator was sanctioned before the item resolved: the answer does not count. */
    @Column(nullable = false)
    public boolean excluded;

    @Enumerated(EnumType.STRING)
    public Verdict verdict;

    public String reason;

    /** A gold verdict not published yet: it waits for the consensus verdicts of the same assignment. */
    @Column(name = "verdict_held", nullable = false)
    public boolean verdictHeld;

    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}

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

/** Consensus state of one non-gold item: OPEN until the overlap policy resolves it. */
@Entity
@Table(name = "item_state")
public class ItemState extends PanacheEntityBase {

    public enum Status { OPEN, RESOLVED }

    @Id
    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** Judgments asked for so far: the policy minimum plus every JudgmentsRequested. */
    @Column(nullable = false)
    public int slots;

    public String label;

    public Double confidence;

    public Double agreement;

    @Column(nullable = false)
    public int judgments;

    /** JSON array over the job's labels. */
    public String posterior;

    public String method;

    @Column(name = "method_version")
    public String methodVersion;

    @Column(name = "low_confidence", nullable = false)
    public boolean lowConfidence;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
}

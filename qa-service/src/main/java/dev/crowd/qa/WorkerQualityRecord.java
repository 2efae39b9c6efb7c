package dev.crowd.qa;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An annotator's quality on one job: review counts and the model's estimate. */
@Entity
@Table(name = "worker_quality")
public class WorkerQualityRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(name = "gold_correct", nullable = false)
    public long goldCorrect;

    @Column(name = "gold_total", nullable = false)
    public long goldTotal;

    @Column(nullable = false)
    public long agreed;

    @Column(nullable = false)
    public long reviewed;

    /** Estimated probability of a correct answer. */
    @Column(nullable = false)
    public double accuracy;

    /** JSON K x K confusion matrix from the last full estimation, null before it. */
    public String confusion;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}

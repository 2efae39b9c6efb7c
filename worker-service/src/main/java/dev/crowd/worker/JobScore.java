package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The latest quality snapshot of an annotator on one job (from WorkerScored): a projection of qa-service's
 * per-job record, holding only what trust and the rules read (the model's accuracy estimate stays in qa-service).
 */
@Entity
@Table(name = "job_score")
@IdClass(JobScore.Key.class)
public class JobScore extends PanacheEntityBase {

    public record Key(String workerId, UUID jobId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "worker_id")
    public String workerId;

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "gold_correct")
    public long goldCorrect;
    @Column(name = "gold_total")
    public long goldTotal;
    public long agreed;
    public long reviewed;
    @Column(name = "median_millis_per_item")
    public long medianMillisPerItem;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}

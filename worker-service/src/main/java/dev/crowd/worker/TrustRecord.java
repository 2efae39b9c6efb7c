package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Trust after one score update, with the inputs it came from. */
@Entity
@Table(name = "trust_record")
public class TrustRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    public int trust;

    @Column(name = "gold_accuracy")
    public double goldAccuracy;

    public double agreement;

    public long volume;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}

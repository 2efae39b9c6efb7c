package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One scored test attempt. */
@Entity
@Table(name = "qualification_attempt")
public class QualificationAttempt extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "qualification_id", nullable = false)
    public UUID qualificationId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    public int correct;
    public int total;
    /** Percentage 0..100, rounded down. */
    public int score;
    public boolean passed;

    @Column(name = "taken_at", nullable = false)
    public OffsetDateTime takenAt;
}

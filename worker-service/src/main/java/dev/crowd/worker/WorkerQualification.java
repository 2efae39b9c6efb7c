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

/** A qualification granted to an annotator by passing its test. */
@Entity
@Table(name = "worker_qualification")
@IdClass(WorkerQualification.Key.class)
public class WorkerQualification extends PanacheEntityBase {

    public record Key(String workerId, UUID qualificationId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "worker_id")
    public String workerId;

    @Id
    @Column(name = "qualification_id")
    public UUID qualificationId;

    @Column(nullable = false)
    public String code;

    public int score;

    @Column(name = "granted_at", nullable = false)
    public OffsetDateTime grantedAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    public boolean validAt(OffsetDateTime now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}

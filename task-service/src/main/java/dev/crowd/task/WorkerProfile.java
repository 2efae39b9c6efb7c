package dev.crowd.task;

import dev.crowd.contracts.workers.WorkerStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** task-service's own projection of an annotator's eligibility, fed by crowd.workers. */
@Entity
@Table(name = "worker_profile")
public class WorkerProfile extends PanacheEntityBase {

    @Id
    @Column(name = "worker_id")
    public String workerId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public WorkerStatus status;
    @Column(nullable = false)
    public int trust;
    /** JSON arrays. */
    @Column(nullable = false)
    public String skills;
    @Column(nullable = false)
    public String qualifications;
    @Column(name = "suspended_job_ids", nullable = false)
    public String suspendedJobIds;
    public String reason;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}

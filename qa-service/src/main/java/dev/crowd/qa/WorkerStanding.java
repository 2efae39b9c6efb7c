package dev.crowd.qa;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest standing of an annotator (from WorkerProfileChanged). */
@Entity
@Table(name = "worker_standing")
public class WorkerStanding extends PanacheEntityBase {

    @Id
    @Column(name = "worker_id")
    public String workerId;

    /** A {@link dev.crowd.contracts.workers.WorkerStatus} name. */
    @Column(nullable = false)
    public String status;

    /** JSON array of job ids. */
    @Column(name = "suspended_job_ids", nullable = false)
    public String suspendedJobIds;
}

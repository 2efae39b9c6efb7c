package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A sanction: which rule (or admin) imposed what, on what scope, why, until when. */
@Entity
@Table(name = "sanction")
public class Sanction extends PanacheEntityBase {

    /** What the sanction does. */
    public enum Action {
        /** Flagged for an admin to look at; no effect on work. */
        FLAG,
        /** Kept from the job (scope JOB) or from all work (scope PLATFORM). */
        SUSPEND,
        /** Removed from the platform, sign-in disabled. Platform scope only. */
        BAN
    }

    public enum Scope { JOB, PLATFORM }

    /** The rule that fired, or MANUAL for an admin's decision. */
    public static final String MANUAL = "MANUAL";

    @Id
    public UUID id;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(nullable = false)
    public String rule;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Scope scope;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(nullable = false)
    public String reason;

    /** The numbers that made the rule fire (or the admin's note). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> evidence;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "lifted_at")
    public OffsetDateTime liftedAt;

    @Column(name = "lifted_by")
    public String liftedBy;

    @Column(name = "lift_reason")
    public String liftReason;

    public boolean activeAt(OffsetDateTime now) {
        return liftedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}

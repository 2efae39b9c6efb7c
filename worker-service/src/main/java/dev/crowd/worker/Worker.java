package dev.crowd.worker;

import dev.crowd.contracts.workers.WorkerStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.List;

/** An annotator. The id is the Keycloak subject, the identity used across every service. */
@Entity
@Table(name = "worker")
public class Worker extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** ISO 639-1 codes, sorted. */
    @Convert(converter = JsonText.StringList.class)
    @Column(nullable = false)
    public List<String> languages;

    /** Codes from the skill catalogue, sorted. */
    @Convert(converter = JsonText.StringList.class)
    @Column(nullable = false)
    public List<String> skills;

    /** ISO 3166-1 alpha-2. */
    public String country;

    /** IANA zone id. */
    public String timezone;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public WorkerStatus status;

    /** Why the status is what it is, shown to the annotator. */
    @Column(name = "status_reason")
    public String statusReason;

    /** 0..100, see {@link dev.crowd.worker.service.TrustFormula}. */
    @Column(nullable = false)
    public int trust;

    /**
     * Optimistic lock: scores of one annotator from different jobs arrive on different partitions and
     * may be applied concurrently; the loser fails and the Inbox retries it on fresh state.
     */
    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}

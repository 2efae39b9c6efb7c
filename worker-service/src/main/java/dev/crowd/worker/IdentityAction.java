package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * A sign-in change to make at the identity provider, written in the transaction that bans or
 * reinstates, carried out after commit and retried until done (an outbox for Keycloak).
 */
@Entity
@Table(name = "identity_action")
public class IdentityAction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    /** true: enable sign-in; false: disable it. */
    @Column(nullable = false)
    public boolean enable;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "done_at")
    public OffsetDateTime doneAt;
}

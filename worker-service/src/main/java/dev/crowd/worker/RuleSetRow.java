package dev.crowd.worker;

import dev.crowd.worker.QualityRules;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;

/** Quality rules stored by an admin for the platform ({@link #PLATFORM}) or for one job (its id). */
@Entity
@Table(name = "rule_set")
public class RuleSetRow extends PanacheEntityBase {

    public static final String PLATFORM = "platform";

    @Id
    @Column(name = "scope_key")
    public String scopeKey;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public QualityRules rules;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}

package dev.crowd.qa;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A control item's known label. Never shown to annotators. */
@Entity
@Table(name = "gold_label")
public class GoldLabel extends PanacheEntityBase {

    @Id
    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false)
    public String label;
}

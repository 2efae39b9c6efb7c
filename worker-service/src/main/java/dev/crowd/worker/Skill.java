package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entry of the skill catalogue (seeded by migration). */
@Entity
@Table(name = "skill")
public class Skill extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;
}

package dev.crowd.worker;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A qualification and its test. Jobs require it by {@link #code}. */
@Entity
@Table(name = "qualification")
public class Qualification extends PanacheEntityBase {

    /** One multiple-choice question with its known answer (never shown to annotators). */
    public record Question(String id, String prompt, List<String> options, String answer) {
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String code;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    /** Percentage of correct answers needed to pass, 1..100. */
    @Column(name = "pass_mark", nullable = false)
    public int passMark;

    @Column(name = "retake_cooldown_hours", nullable = false)
    public int retakeCooldownHours;

    /** Days a pass stays valid; null means forever. */
    @Column(name = "validity_days")
    public Integer validityDays;

    @Convert(converter = JsonText.QuestionList.class)
    @Column(nullable = false)
    public List<Question> questions;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}

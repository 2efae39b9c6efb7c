package dev.crowd.platform.testapp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.UUID;

@Entity
public class Note extends PanacheEntityBase {
    @Id
    public UUID id;
    public String text;
}

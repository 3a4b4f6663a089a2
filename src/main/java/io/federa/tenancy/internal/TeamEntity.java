package io.federa.tenancy.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "teams")
class TeamEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected TeamEntity() {
        this.name = "";
        this.createdAt = Instant.EPOCH;
    }

    TeamEntity(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    long id() {
        if (id == null) {
            throw new IllegalStateException("team " + name + " is not saved yet");
        }
        return id;
    }

    String name() {
        return name;
    }

    Instant createdAt() {
        return createdAt;
    }
}

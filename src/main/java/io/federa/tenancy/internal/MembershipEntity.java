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
@Table(name = "team_memberships")
class MembershipEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "team_id", nullable = false)
    private long teamId;

    @Column(nullable = false)
    private String username;

    @Column(nullable = false)
    private Instant since;

    @Column(name = "team_admin", nullable = false)
    private boolean teamAdmin;

    protected MembershipEntity() {
        this.username = "";
        this.since = Instant.EPOCH;
    }

    MembershipEntity(long teamId, String username, Instant since) {
        this.teamId = teamId;
        this.username = username;
        this.since = since;
    }

    long teamId() {
        return teamId;
    }

    String username() {
        return username;
    }

    boolean teamAdmin() {
        return teamAdmin;
    }

    void teamAdmin(boolean admin) {
        this.teamAdmin = admin;
    }
}

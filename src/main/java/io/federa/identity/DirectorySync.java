package io.federa.identity;

import io.federa.shared.Roles;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Brings people, teams, memberships and team admins in line with the identity provider's directory
 * (Keycloak's admin REST API, read-only service account), on a schedule and on demand.
 */
public interface DirectorySync {

    /**
     * Reads the directory and applies it.
     *
     * @throws io.federa.shared.UserFacingException when the directory cannot be read (nothing changes)
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    Result syncNow();

    /** The last sync that completed, if any since start. */
    Optional<Result> lastSync();

    record Result(Instant at, int people, int teams, int memberships) {}
}

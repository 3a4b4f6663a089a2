package io.federa.quota;

import io.federa.shared.Roles;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Team quotas and the reservations that enforce them. {@link #reserve} is atomic: concurrent
 * submissions that together exceed a quota never all pass.
 */
public interface Quotas {

    Optional<TeamQuota> quotaOf(String team, String cluster);

    /** What the team's open reservations hold on the cluster (for "in use" before submitting). */
    QuotaUsage usage(String team, String cluster);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setQuota(TeamQuota quota);

    /**
     * Holds {@code cpus} and {@code gpus} (and one job) of the team's quota on the cluster for the
     * submission {@code runRef}; reserving the same {@code runRef} again returns the existing
     * reservation. No quota set means no limit.
     *
     * @throws QuotaExceededException when a limit would be exceeded
     */
    Reservation reserve(String team, String cluster, String runRef, int cpus, int gpus);

    /** Gives the reservation of {@code runRef} back (its job ended or never started); idempotent. */
    void release(String runRef);
}

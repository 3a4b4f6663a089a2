package io.federa.quota;

import io.federa.identity.CurrentUser;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Team quotas and the reservations that enforce them. {@link #reserve} is atomic: concurrent
 * submissions that together exceed a quota never all pass. A saved quota is also pushed into Slurm as
 * the team's QOS on that cluster (ADR 9).
 */
public interface Quotas {

    Optional<TeamQuota> quotaOf(String team, String cluster);

    /**
     * What the team's active reservations hold on the cluster, whether or not it has a quota there
     * (shown before submitting, and used to route "any eligible" runs).
     */
    InUse inUse(String team, String cluster);

    /**
     * Stores the quota, then (after the commit, outside any transaction) pushes it to the cluster as
     * the team's QOS. A push that fails keeps the quota and records why ({@link #allQuotas}); a
     * periodic job retries it.
     *
     * @throws InvalidQuotaException when a limit is negative or the team or cluster is blank
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setQuota(TeamQuota quota);

    /** Pushes the stored quota to Slurm now and returns how it went. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    QosPushStatus pushAgain(String team, String cluster);

    /** Every quota, by team and cluster, with what is in use and its push status. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<QuotaOverview> allQuotas();

    /**
     * The team's quotas (one per cluster that has one) with what is in use now.
     *
     * @throws NotAllowedException unless {@code user} may act for the team
     */
    List<QuotaOverview> quotasOf(CurrentUser user, String team);

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

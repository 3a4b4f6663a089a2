package io.federa.quota;

import io.federa.identity.CurrentUser;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Portal-wide notebook quotas: how many notebooks one person and a whole team may have open at once.
 * A team's own setting replaces the portal default. {@link #reserveNotebook} is atomic per team, like
 * {@link Quotas#reserve}.
 */
public interface NotebookQuotas {

    NotebookLimits defaults();

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setDefaults(NotebookLimits limits);

    /** The team's own setting, if it has one. */
    Optional<NotebookLimits> teamSetting(String team);

    /** Gives the team its own limits (null limits = no limit), replacing the default. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setTeamLimits(String team, NotebookLimits limits);

    /** The team goes back to the portal default. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void clearTeamLimits(String team);

    /** The limits that apply to the team: its own setting, else the default. */
    NotebookLimits limitsOf(String team);

    /** Teams with their own setting or open notebooks, by name. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<TeamNotebookQuota> teams();

    /**
     * The team's notebook limits and how many are open now.
     *
     * @throws NotAllowedException unless {@code user} may act for the team
     */
    TeamNotebookQuota notebookQuotaOf(CurrentUser user, String team);

    /** Notebooks {@code username} has open under the team now. */
    int openBy(String team, String username);

    /**
     * Holds one notebook of the team's quota for {@code username}'s session {@code sessionRef}; the
     * same {@code sessionRef} again returns the existing reservation.
     *
     * @throws QuotaExceededException when the person's or the team's limit would be exceeded
     */
    NotebookReservation reserveNotebook(String team, String username, String sessionRef);

    /** Gives the session's notebook back; idempotent. */
    void releaseNotebook(String sessionRef);
}

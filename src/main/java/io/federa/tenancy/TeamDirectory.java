package io.federa.tenancy;

import io.federa.identity.CurrentUser;
import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/** Teams and memberships, as the rest of the portal may see them. */
public interface TeamDirectory {

    /** The teams {@code user} belongs to, with their members, by name. */
    List<TeamOverview> teamsOf(CurrentUser user);

    /** Every team with its members, by name. Portal admins only. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<TeamOverview> allTeams();

    /**
     * May {@code user} act for {@code team} (see its work, submit under it)? Members may; portal
     * admins may act for any team. Every service that touches team data asks this first.
     */
    boolean mayActFor(CurrentUser user, String team);

    /**
     * The teams of the user's session (the {@code groups} claim at login) that {@link #mayActFor}
     * still allows: someone removed from a team in the directory loses it at the next request, not
     * at the next login. The scope of every "my teams" read.
     */
    default List<String> teamsInScope(CurrentUser user) {
        return user.groups().stream().filter(t -> mayActFor(user, t)).toList();
    }

    /** Is {@code user} one of the team's admins (several per team; from the directory)? */
    boolean isTeamAdmin(CurrentUser user, String team);
}

package io.federa.models.internal;

import io.federa.identity.CurrentUser;
import io.federa.models.ModelNotFoundException;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.tenancy.TeamDirectory;
import org.springframework.stereotype.Component;

/** Who may read and write a team's models: the one place the module asks. */
@Component
class Access {

    private final TeamDirectory directory;

    Access(TeamDirectory directory) {
        this.directory = directory;
    }

    boolean mayRead(CurrentUser user, String team) {
        return directory.mayActFor(user, team);
    }

    /** Reading first (else "there is no ..."), then the role to change things. */
    void requireWriter(CurrentUser user, String team, String what) {
        if (!mayRead(user, team)) {
            throw new ModelNotFoundException(what);
        }
        if (!user.hasRole(Roles.DATA_SCIENTIST) && !user.isPortalAdmin()) {
            throw new NotAllowedException("Only data scientists of team " + team + " change its models.");
        }
    }

    boolean isTeamAdmin(CurrentUser user, String team) {
        return directory.isTeamAdmin(user, team);
    }
}

package io.federa.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.identity.CurrentUser;
import io.federa.identity.DirectorySync;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.KeycloakAdmin;
import io.federa.support.RealServices;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/** Directory sync from the real Keycloak's admin API with the read-only service account. */
@FederaIntegrationTest
class DirectorySyncIT {

    @Autowired
    DirectorySync directory;

    @Autowired
    TeamDirectory teams;

    @BeforeAll
    static void keycloak() {
        RealServices.requireKeycloak();
    }

    @Test
    void people_teams_memberships_and_team_admins_come_from_the_directory() {
        var result = SystemTasks.runAsSystem(directory::syncNow);
        assertThat(result.people()).isGreaterThanOrEqualTo(4);

        var all = SystemTasks.runAsSystem(teams::allTeams);
        assertThat(all)
                .filteredOn(t -> t.name().equals("team-a"))
                .singleElement()
                .satisfies(t -> assertThat(t.members()).contains(new TeamMember("alice", "Alice Anders", true)));
        assertThat(all)
                .filteredOn(t -> t.name().equals("team-b"))
                .singleElement()
                .satisfies(t -> assertThat(t.members()).contains(new TeamMember("bob", "Bob Berg", false)));
        // people who never logged in are known and in their teams
        assertThat(teams.mayActFor(user("bob"), "team-b")).isTrue();
        assertThat(teams.isTeamAdmin(user("alice"), "team-a")).isTrue();
        assertThat(teams.isTeamAdmin(user("bob"), "team-b")).isFalse();
        assertThat(directory.lastSync()).contains(result);
    }

    @Test
    void someone_removed_from_a_group_in_the_directory_loses_the_membership_at_the_next_sync() {
        var admin = new KeycloakAdmin();
        String userId = admin.createUser("dir-sync-erin");
        try {
            admin.joinGroup(userId, "team-b");
            SystemTasks.runAsSystem(directory::syncNow);
            assertThat(teams.mayActFor(user("dir-sync-erin"), "team-b")).isTrue();

            admin.leaveGroup(userId, "team-b");
            SystemTasks.runAsSystem(directory::syncNow);
            assertThat(teams.mayActFor(user("dir-sync-erin"), "team-b")).isFalse();
        } finally {
            admin.deleteUser(userId);
        }
    }

    @Test
    @WithMockUser(roles = Roles.DATA_SCIENTIST)
    void only_portal_admins_start_a_sync() {
        assertThatThrownBy(directory::syncNow)
                .isInstanceOf(org.springframework.security.authorization.AuthorizationDeniedException.class);
    }

    private static CurrentUser user(String name) {
        return CurrentUser.of("sub-" + name, name, name, "", Set.of(Roles.DATA_SCIENTIST), Set.of());
    }
}

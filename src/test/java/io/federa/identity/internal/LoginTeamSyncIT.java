package io.federa.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.identity.CurrentUser;
import io.federa.identity.LoginConflicts;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/** Login-time team sync on the real (embedded) PostgreSQL. */
@FederaIntegrationTest
class LoginTeamSyncIT {

    @Autowired
    LoginRecorder recorder;

    @Autowired
    TeamDirectory teams;

    @Autowired
    Flyway flyway;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoginConflicts conflicts;

    @Autowired
    StartupConflictResolution startupResolution;

    @Test
    void migrations_apply_on_postgresql() {
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied())
                .isNotEmpty()
                .allMatch(m -> m.getState().isApplied());
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    }

    @Test
    void a_login_stores_teams_and_memberships_from_the_groups_claim() {
        var erin = user("erin", Set.of("sync-x", "sync-y"));
        recorder.record(erin);

        assertThat(teams.teamsOf(erin)).extracting(TeamOverview::name).containsExactly("sync-x", "sync-y");
        assertThat(teams.mayActFor(erin, "sync-x")).isTrue();
        assertThat(teams.mayActFor(erin, "team-nobody")).isFalse();
    }

    @Test
    void a_user_removed_from_a_group_loses_that_membership_at_next_login() {
        recorder.record(user("frank", Set.of("sync-p", "sync-q")));
        recorder.record(user("grace", Set.of("sync-p")));

        var frankLater = user("frank", Set.of("sync-q"));
        recorder.record(frankLater);

        assertThat(teams.teamsOf(frankLater)).extracting(TeamOverview::name).containsExactly("sync-q");
        assertThat(teams.mayActFor(frankLater, "sync-p")).isFalse();
        // the team itself and its other members stay
        assertThat(teams.teamsOf(user("grace", Set.of())))
                .singleElement()
                .satisfies(t ->
                        assertThat(t.members()).extracting(TeamMember::username).containsExactly("grace"));
    }

    @Test
    void a_user_without_groups_claim_ends_up_in_no_team() {
        recorder.record(user("heidi", Set.of("sync-z")));
        var heidiLater = user("heidi", Set.of());
        recorder.record(heidiLater);
        assertThat(teams.teamsOf(heidiLater)).isEmpty();
    }

    @Test
    void a_user_name_that_comes_back_with_another_account_is_refused_and_a_bound_subject_never_changes() {
        var kim = CurrentUser.of("sub-kim-1", "kim", "Kim Test", "", Set.of(Roles.DATA_SCIENTIST), Set.of("sync-k"));
        recorder.record(kim);
        var otherKim =
                CurrentUser.of("sub-kim-2", "kim", "Kim Other", "", Set.of(Roles.DATA_SCIENTIST), Set.of("sync-k"));

        assertThatThrownBy(() -> recorder.record(otherKim))
                .isInstanceOf(LoginRefusedException.class)
                .hasMessageContaining("The user name kim belonged to an earlier account");
        assertThat(subjectOf("kim")).isEqualTo("sub-kim-1");
        assertThat(SystemTasks.runAsSystem(conflicts::open))
                .filteredOn(c -> c.username().equals("kim"))
                .singleElement()
                .satisfies(c -> assertThat(c.displayName()).isEqualTo("Kim Other"));
        recorder.record(kim); // the earlier account still gets in
    }

    @Test
    void a_renamed_account_is_refused_under_its_new_name_until_resolved_at_startup() {
        recorder.record(user("lou", Set.of("sync-l")));
        var renamed = CurrentUser.of("sub-lou", "lou2", "Lou Test", "", Set.of(Roles.DATA_SCIENTIST), Set.of("sync-l"));

        assertThatThrownBy(() -> recorder.record(renamed))
                .isInstanceOf(LoginRefusedException.class)
                .hasMessageContaining("known to this portal as lou and now logs in as lou2");

        // the operator's way out when no admin can log in: federa.identity.give-usernames-to-new-accounts
        startupResolution.resolve(List.of("lou2", "nobody-in-conflict"));
        recorder.record(renamed);
        assertThat(subjectOf("lou2")).isEqualTo("sub-lou");
        assertThat(subjectOf("lou")).isNull();
        assertThat(teams.mayActFor(user("lou", Set.of()), "sync-l")).isFalse();
        assertThat(teams.mayActFor(renamed, "sync-l")).isTrue();
    }

    @Test
    @WithMockUser(roles = Roles.DATA_SCIENTIST)
    void only_portal_admins_see_and_resolve_login_conflicts() {
        assertThatThrownBy(conflicts::open).isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> conflicts.giveUsernameToNewAccount("kim"))
                .isInstanceOf(AuthorizationDeniedException.class);
    }

    private String subjectOf(String username) {
        return jdbc.query("select subject from people where username = ?", (rs, n) -> rs.getString(1), username)
                .getFirst();
    }

    @Test
    @WithMockUser(roles = Roles.PORTAL_ADMIN)
    void portal_admins_list_all_teams_with_display_names() {
        recorder.record(user("ivan", Set.of("sync-list")));
        assertThat(teams.allTeams())
                .filteredOn(t -> t.name().equals("sync-list"))
                .singleElement()
                .satisfies(t -> assertThat(t.members()).containsExactly(new TeamMember("ivan", "Ivan Test", false)));
    }

    @Test
    @WithMockUser(roles = Roles.DATA_SCIENTIST)
    void others_may_not_list_all_teams() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> teams.allTeams())
                .isInstanceOf(org.springframework.security.authorization.AuthorizationDeniedException.class);
    }

    private static CurrentUser user(String name, Set<String> groups) {
        String display = Character.toUpperCase(name.charAt(0)) + name.substring(1) + " Test";
        return CurrentUser.of(
                "sub-" + name, name, display, name + "@federa.test", Set.of(Roles.DATA_SCIENTIST), groups);
    }
}

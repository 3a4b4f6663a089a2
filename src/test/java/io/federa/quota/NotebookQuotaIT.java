package io.federa.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.QuotaRace;
import io.federa.support.SignedIn;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/** Portal-wide notebook quotas on the real database, under real concurrency. */
@FederaIntegrationTest
class NotebookQuotaIT {

    @Autowired
    NotebookQuotas notebooks;

    static String team() {
        return "nb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static <T> T asAdmin(Callable<T> work) {
        return SystemTasks.runAsSystem(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void forty_people_starting_notebooks_at_once_against_a_team_limit_of_ten_let_exactly_ten_pass() throws Exception {
        String team = team();
        asAdmin(() -> {
            notebooks.setTeamLimits(team, new NotebookLimits(null, 10));
            return null;
        });
        assertThat(QuotaRace.passed(40, i -> () -> notebooks.reserveNotebook(team, "user" + i, team + "-s" + i)))
                .isEqualTo(10);
        assertThat(asAdmin(notebooks::teams))
                .anySatisfy(t -> assertThat(t)
                        .isEqualTo(new TeamNotebookQuota(
                                team, new NotebookLimits(null, 10), new NotebookLimits(null, 10), 10)));

        // closing one frees a place for the next
        int someone = IntStream.range(0, 40)
                .filter(i -> notebooks.openBy(team, "user" + i) == 1)
                .findFirst()
                .orElseThrow();
        notebooks.releaseNotebook(team + "-s" + someone);
        notebooks.releaseNotebook(team + "-s" + someone); // idempotent
        assertThat(notebooks.reserveNotebook(team, "late", team + "-late").username())
                .isEqualTo("late");
        assertThatThrownBy(() -> notebooks.reserveNotebook(team, "later", team + "-later"))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Team " + team + " may have 10 notebook(s) open at once and has 10 open");
    }

    @Test
    void one_person_starting_twenty_notebooks_at_once_gets_exactly_the_per_person_limit() throws Exception {
        String team = team();
        asAdmin(() -> {
            notebooks.setTeamLimits(team, new NotebookLimits(2, null));
            return null;
        });
        assertThat(QuotaRace.passed(20, i -> () -> notebooks.reserveNotebook(team, "eager", team + "-e" + i)))
                .isEqualTo(2);
        assertThat(notebooks.openBy(team, "eager")).isEqualTo(2);
        // someone else in the team still may
        assertThat(notebooks.reserveNotebook(team, "calm", team + "-c").team()).isEqualTo(team);
        assertThatThrownBy(() -> notebooks.reserveNotebook(team, "eager", team + "-e-more"))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("one person may have 2 notebook(s) open at once, and eager has 2 open");
    }

    @Test
    void the_same_session_holds_one_notebook_and_a_teams_setting_replaces_the_portal_default() {
        String team = team();
        NotebookLimits before = notebooks.defaults();
        try {
            asAdmin(() -> {
                notebooks.setDefaults(new NotebookLimits(1, 3));
                return null;
            });
            assertThat(notebooks.limitsOf(team)).isEqualTo(new NotebookLimits(1, 3));
            var first = notebooks.reserveNotebook(team, "ann", team + "-1");
            assertThat(notebooks.reserveNotebook(team, "ann", team + "-1").id()).isEqualTo(first.id());
            assertThatThrownBy(() -> notebooks.reserveNotebook(team, "ann", team + "-2"))
                    .isInstanceOf(QuotaExceededException.class);

            asAdmin(() -> {
                notebooks.setTeamLimits(team, new NotebookLimits(null, null));
                return null;
            });
            assertThat(notebooks.teamSetting(team)).contains(NotebookLimits.NONE);
            assertThat(notebooks.reserveNotebook(team, "ann", team + "-2").sessionRef())
                    .isEqualTo(team + "-2");

            asAdmin(() -> {
                notebooks.clearTeamLimits(team);
                return null;
            });
            assertThat(notebooks.limitsOf(team)).isEqualTo(new NotebookLimits(1, 3));
        } finally {
            asAdmin(() -> {
                notebooks.setDefaults(before);
                return null;
            });
        }
    }

    @Test
    void limits_must_be_whole_numbers_of_zero_or_more_and_only_portal_admins_change_them() {
        assertThatThrownBy(() -> asAdmin(() -> {
                    notebooks.setTeamLimits(team(), new NotebookLimits(-1, null));
                    return null;
                }))
                .isInstanceOf(InvalidQuotaException.class)
                .hasMessage("Notebooks per person must be 0 or more (leave it empty for no limit).");

        SignedIn.as("bob", Roles.DATA_SCIENTIST, () -> {
            assertThatThrownBy(() -> notebooks.setTeamLimits("team-b", new NotebookLimits(100, 100)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> notebooks.setDefaults(NotebookLimits.NONE))
                    .isInstanceOf(AccessDeniedException.class);
        });
    }
}

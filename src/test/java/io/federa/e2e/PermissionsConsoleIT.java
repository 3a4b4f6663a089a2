package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.clusters.TeamQos;
import io.federa.identity.DirectorySync;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import io.federa.support.SlurmCleanup;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster permissions console in a real browser, against the real c1: import, preview, adopt all,
 * and one apply of a throw-away team's mapping (its account and QOS are removed afterwards).
 */
@FederaIntegrationTest
class PermissionsConsoleIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Autowired
    DirectorySync directory;

    @Autowired
    PersonSlurmUsers personUsers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void federate() {
        PortalPeople.syncDirectory(directory);
    }

    @Test
    void carol_imports_from_c1_and_previews_the_changes() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/permissions");
        assertThat(page.locator("text=Per cluster: which team computes")).isVisible();
        assertThat(page.locator("#permissions-cluster")).containsText("c1");
        assertThat(page.locator("#team-accounts")).containsText("team-a", SOON);

        page.locator("#import-read").click();
        assertThat(page.locator("#import-message")).containsText("proposal(s) from c1", SOON);
        assertThat(page.locator("#import-accounts")).containsText("name of portal team team-a");
        assertThat(page.locator("#import-accounts")).containsText("team-b");
        assertThat(page.locator("#import-users")).containsText("same user name as portal person alice");
        assertThat(page.locator("#import-users")).containsText("bob");

        page.locator("#plan-preview").click();
        assertThat(page.locator("#plan-message")).containsText("change", SOON);
        Browser.screenshot(page, "permissions-preview");
        String message = page.locator("#plan-message").textContent();
        if (message.contains("Nothing to change")) {
            assertThat(page.locator("#plan-apply")).isDisabled();
        } else {
            assertThat(page.locator("#plan-apply")).isEnabled();
            assertThat(page.locator("#plan-apply")).containsText("Apply ");
            assertThat(page.locator("#plan-changes")).containsText("team-a");
        }

        // a person mapped to a Slurm user c1 does not know: refused, in plain words
        page.locator("#map-person input").fill("bob");
        page.locator("#map-person input").press("Enter");
        page.locator("#map-slurm-user input").fill("nosuchuser");
        page.locator("#map-person-save").click();
        assertThat(page.locator("#person-message")).containsText("Cluster c1 has no Slurm user \"nosuchuser\"", SOON);
        Browser.screenshot(page, "permissions-refused");
        page.context().close();
    }

    @Test
    void carol_adopts_all_proposals_of_every_cluster_in_one_step_after_a_preview() {
        // the context is shared with other tests: start from people that are not mapped yet
        jdbc.update(
                "delete from person_slurm_users where username in ('alice', 'bob') and cluster_name in ('c1', 'c2')");
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/permissions");
        assertThat(page.locator("#team-accounts")).containsText("team-a", SOON);

        page.locator("#import-all").click();
        // the dialog's content: the preview
        var summary = page.locator("#adopt-all-summary");
        assertThat(summary).isVisible();
        // the seeded people of both clusters; the teams are mapped already, so no account is new
        var users = page.locator("#adopt-all-users");
        assertThat(users).containsText("same user name as portal person alice");
        assertThat(users).containsText("same user name as portal person bob");
        assertThat(users).containsText("c1");
        assertThat(users).containsText("c2");
        assertThat(summary).containsText("Slurm is not changed");
        Browser.screenshot(page, "permissions-adopt-all-preview");

        page.locator("#adopt-all-confirm").click();
        assertThat(summary).isHidden();
        assertThat(page.locator("#import-message")).containsText("on every cluster", SOON);
        assertThat(page.locator("#person-users")).containsText("alice", SOON);
        assertThat(personUsers.slurmUserOf("c1", "alice")).contains("alice");
        assertThat(personUsers.slurmUserOf("c2", "bob")).contains("bob");

        // adopted once: a second preview has nothing new
        page.locator("#import-all").click();
        assertThat(summary).containsText("Nothing new to adopt");
        assertThat(page.locator("#adopt-all-confirm")).isDisabled();
        page.context().close();
    }

    @Test
    void carol_applies_a_new_teams_mapping_and_sees_each_step_and_the_apply_log() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = "perm-" + id;
        String account = team + "-acct";
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a", team));
        SystemTasks.runAsSystem(() -> {
            accounts.map(new TeamAccount("c1", team, account, List.of("debug")));
            personUsers.map("c1", "alice", "alice");
            return null;
        });
        try {
            Page page = browser.newPage();
            Browser.logIn(page, portal(), "carol");
            page.navigate(portal() + "/admin/permissions");
            assertThat(page.locator("#team-accounts")).containsText(team, SOON);

            page.locator("#plan-scope").click();
            page.locator("vaadin-select-item:has-text('" + team + "')").click();
            page.locator("#plan-preview").click();
            assertThat(page.locator("#plan-message")).containsText("3 change(s) would be made", SOON);
            assertThat(page.locator("#plan-changes")).containsText("account " + account);
            assertThat(page.locator("#plan-apply")).hasText("Apply 3 changes");

            page.locator("#plan-apply").click();
            assertThat(page.locator("#apply-confirm")).containsText("exactly the previewed changes");
            page.locator("#apply-confirm vaadin-button[slot='confirm-button']").click();
            // the steps arrive one by one from the managed executor, then the result and the log
            assertThat(page.locator("#plan-message")).containsText("Applied: 3 done, 0 failed", SOON);
            assertThat(page.locator("#apply-steps")).containsText("account " + account);
            assertThat(page.locator("#apply-steps")).not().containsText("FAILED");
            assertThat(page.locator("#apply-progress")).isHidden();
            assertThat(page.locator("#apply-log")).containsText(team, SOON);
            Browser.screenshot(page, "permissions-applied");
            assertThat(slurm.run("c1", List.of("sacctmgr", "-Pn", "show", "account", account, "format=account")))
                    .contains(account);

            // applied: a second preview of the team has nothing to change
            page.locator("#plan-preview").click();
            assertThat(page.locator("#plan-message")).containsText("Nothing to change", SOON);
            assertThat(page.locator("#plan-apply")).isDisabled();
            assertThat(page.locator("#plan-apply")).hasText("Apply changes");
            page.context().close();
        } finally {
            PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a"));
            SystemTasks.runAsSystem(() -> {
                accounts.unmap("c1", team);
                return null;
            });
            SlurmCleanup.deleteAccountAndQos(slurm, "c1", account, TeamQos.nameFor(team, "c1"));
        }
    }

    @Test
    void alice_and_bob_get_403_for_the_console() {
        for (String user : new String[] {"alice", "bob"}) {
            Page page = browser.newPage();
            Browser.logIn(page, portal(), user);
            var response = page.navigate(portal() + "/admin/permissions");
            assertThat(response.status()).isEqualTo(403);
            assertThat(page.locator("#not-allowed")).containsText("Not allowed");
            assertThat(page.content()).doesNotContain("Per cluster: which team computes");
            page.context().close();
        }
    }
}

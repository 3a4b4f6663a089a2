package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The quota pages in a real browser with the real Keycloak login. The quotas are on a cluster name
 * that is not registered, so nothing is pushed into a real Slurm (QuotaQosPushIT covers the push);
 * the admin page shows why.
 */
@FederaIntegrationTest
class QuotaPagesIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    @LocalServerPort
    int port;

    @Autowired
    Quotas quotas;

    @Autowired
    NotebookQuotas notebooks;

    String portal() {
        return "http://localhost:" + port;
    }

    @Test
    void bob_sees_only_team_b_quotas_on_his_dashboard_and_may_not_open_the_admin_page() {
        String cluster = "qp-" + UUID.randomUUID().toString().substring(0, 6);
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(new TeamQuota("team-b", cluster, 8, 1, 4, 500, null));
            quotas.setQuota(new TeamQuota("team-a", cluster, 64, 8, 40, 9000, 700));
            notebooks.setTeamLimits("team-b", new NotebookLimits(2, 5));
            return null;
        });
        quotas.reserve("team-b", cluster, "qp-run-" + cluster, 3, 0);

        Page bob = browser.newPage();
        try {
            Browser.logIn(bob, portal(), "bob");
        } catch (AssertionError e) {
            Browser.screenshot(bob, "debug-bob");
            System.out.println(
                    "DEBUG-PAGE " + bob.url() + " " + bob.locator("body").innerText());
            throw e;
        }
        var section = bob.locator("#my-quotas");
        assertThat(section).containsText("Quotas");
        var teamB = section.locator(".team-quota[data-team='team-b']");
        assertThat(teamB.locator(".quota-cluster[data-cluster='" + cluster + "']"))
                .containsText("CPUs 3 of 8 · GPUs 0 of 1 · jobs 1 of 4 · per month: 500 CPU-hours, no limit GPU-hours");
        assertThat(teamB.locator(".quota-notebooks")).containsText("0 of 5 open in the team; you: 0 of 2");
        assertThat(section.locator(".team-quota[data-team='team-a']")).hasCount(0);
        assertThat(section).not().containsText("9000");
        Browser.screenshot(bob, "quotas-dashboard-bob");

        var response = bob.navigate(portal() + "/admin/quotas");
        assertThat(response.status()).isEqualTo(403);
        assertThat(bob.locator("#not-allowed")).containsText("Not allowed");
        bob.context().close();
    }

    @Test
    void carol_sees_every_quota_with_its_push_status_and_a_bad_limit_is_explained() {
        String cluster = "qp-" + UUID.randomUUID().toString().substring(0, 6);
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(TeamQuota.concurrent("team-a", cluster, 16, null, null));
            return null;
        });
        Page carol = browser.newPage();
        Browser.logIn(carol, portal(), "carol");
        carol.navigate(portal() + "/admin/quotas");
        var push = carol.locator(".qos-push[data-quota='team-a/" + cluster + "']");
        assertThat(push).containsText("federa-team-a-on-" + cluster);
        assertThat(push).containsText("not in Slurm: Cluster " + cluster + " is unavailable");

        carol.locator("#set-quota").click();
        carol.locator("#quota-cpus input").fill("-3");
        carol.locator("#save-quota").click();
        assertThat(carol.locator("#quota-error"))
                .containsText("Max CPUs at once: enter a whole number of 0 or more (like 8), or leave it empty for "
                        + "no limit; \"-3\" is not one.");
        carol.locator("#quota-cpus input").fill("12");
        carol.locator("#save-quota").click();
        assertThat(carol.locator("#quota-error")).containsText("Choose the team the quota is for.");
        Browser.screenshot(carol, "quotas-admin-dialog");
        carol.context().close();
    }
}

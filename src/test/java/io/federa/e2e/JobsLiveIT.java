package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalWithClusters;
import org.junit.jupiter.api.Test;

/** The Jobs and Clusters pages in a real browser, fed by the real clusters through the mirror. */
@FederaIntegrationTest
class JobsLiveIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Test
    void a_job_sbatched_on_c2_moves_from_pending_to_completed_on_the_open_jobs_page() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/jobs");
        assertThat(page.locator("#jobs-grid")).isVisible();
        page.evaluate("() => { window.federaNoReload = 'still the same page'; }");

        // held, so it stays PENDING until the test releases it (a --begin time would wait for the next
        // backfill pass, up to 30 s later); then it runs ~4 s and completes
        long jobId = slurm.sbatch("c2", "alice", "team-a", "-J", "live-demo", "--hold", "--wrap", "sleep 4");
        var badge = page.locator("[data-job='c2/" + jobId + "']");
        assertThat(badge).containsText("PENDING", SOON);
        Browser.screenshot(page, "jobs-pending");
        slurm.run("c2", java.util.List.of("scontrol", "release", String.valueOf(jobId)));
        assertThat(badge).containsText("RUNNING", SOON);
        assertThat(badge).containsText("COMPLETED", SOON);
        Browser.screenshot(page, "jobs-completed");
        assertThat(page.evaluate("() => window.federaNoReload")).isEqualTo("still the same page");
        page.context().close();

        // bob sees neither the row, nor the job page, nor the data by URL
        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        bob.navigate(portal() + "/jobs");
        assertThat(bob.locator("#jobs-grid")).isVisible();
        assertThat(bob.locator("[data-job='c2/" + jobId + "']")).hasCount(0);
        bob.navigate(portal() + "/jobs/c2/" + jobId);
        assertThat(bob.locator("#job")).containsText("No such job");
        assertThat(bob.request().get(portal() + "/api/jobs/c2/" + jobId).status())
                .isEqualTo(404);
        var alicesView = browser.newPage();
        Browser.logIn(alicesView, portal(), "alice");
        assertThat(alicesView.request().get(portal() + "/api/jobs/c2/" + jobId).status())
                .isEqualTo(200);
        alicesView.context().close();
        assertThat(bob.request().get(portal() + "/api/jobs?account=team-a").text())
                .isEqualTo("[]");
        bob.context().close();
    }

    @Test
    void everyone_sees_both_clusters_with_partitions_and_nodes() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/clusters");
        for (String c : new String[] {"c1", "c2"}) {
            var card = page.locator(".cluster[data-cluster='" + c + "']");
            assertThat(card).containsText("UP", SOON);
            assertThat(card).containsText("Slurm 22.05");
            assertThat(card.locator(".partitions")).containsText("debug");
            assertThat(card.locator(".nodes")).containsText(c + "n1");
        }
        Browser.screenshot(page, "clusters");
        page.context().close();
    }
}

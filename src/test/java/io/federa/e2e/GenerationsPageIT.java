package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Three Slurm generations federated at once: the demo seeder registers every local cluster (c4's
 * v0.0.43-only door excluded), each is spoken to in its own API version, and the Jobs and Clusters
 * pages show them side by side.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties =
                "federa.demo.slurm-env=/var/tmp/federa-slurm/clusters.env,/var/tmp/federa-slurm/clusters-newer.env")
class GenerationsPageIT {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;

    @LocalServerPort
    int port;

    @Autowired
    ClusterRegistry registry;

    @BeforeAll
    static void realServices() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    @Test
    void jobs_of_three_slurm_generations_side_by_side() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, ClusterOverview> byName =
                    registry.overview().stream().collect(Collectors.toMap(ClusterOverview::name, c -> c));
            assertThat(byName).containsOnlyKeys("c1", "c2", "c3", "c4");
            assertThat(byName.values())
                    .allSatisfy(c -> assertThat(c.health().state()).isEqualTo(ClusterHealth.State.UP));
            assertThat(byName.get("c1").health().apiVersion()).isEqualTo("v0.0.38");
            assertThat(byName.get("c3").health().apiVersion()).isEqualTo("v0.0.42");
            assertThat(byName.get("c4").health().apiVersion()).isEqualTo("v0.0.45");
        });
        long onC1 = slurm.sbatch("c1", "alice", "team-a", "-J", "gen-22.05", "--wrap", "true");
        long onC3 = slurm.sbatch("c3", "alice", "team-a", "-J", "gen-24.11", "--wrap", "true");
        long onC4 = slurm.sbatch("c4", "alice", "team-a", "-J", "gen-26.05", "--wrap", "true");

        Page page = browser.newPage();
        Browser.logIn(page, "http://localhost:" + port, "alice");
        page.navigate("http://localhost:" + port + "/jobs");
        assertThat(page.locator("[data-job='c1/" + onC1 + "']")).containsText("COMPLETED", SOON);
        assertThat(page.locator("[data-job='c3/" + onC3 + "']")).containsText("COMPLETED", SOON);
        assertThat(page.locator("[data-job='c4/" + onC4 + "']")).containsText("COMPLETED", SOON);
        Browser.screenshot(page, "jobs-three-generations");

        page.navigate("http://localhost:" + port + "/clusters");
        assertThat(page.locator(".cluster[data-cluster='c1'] .cluster-facts")).containsText("Slurm 22.05");
        assertThat(page.locator(".cluster[data-cluster='c1'] .cluster-facts")).containsText("API v0.0.38");
        assertThat(page.locator(".cluster[data-cluster='c3'] .cluster-facts")).containsText("Slurm 24.11");
        assertThat(page.locator(".cluster[data-cluster='c3'] .cluster-facts")).containsText("API v0.0.42");
        assertThat(page.locator(".cluster[data-cluster='c4'] .cluster-facts")).containsText("Slurm 26.05");
        assertThat(page.locator(".cluster[data-cluster='c4'] .cluster-facts")).containsText("API v0.0.45");
        Browser.screenshot(page, "clusters-three-generations");
        page.context().close();
    }
}

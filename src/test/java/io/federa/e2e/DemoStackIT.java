package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.access.ClusterPermissions;
import io.federa.access.PersonSlurmUsers;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.TeamQos;
import io.federa.quota.QuotaOverview;
import io.federa.quota.Quotas;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.shared.SystemTasks;
import io.federa.submission.ClusterVerdict;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.RunPages;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The run command's own demo stack: the portal started with the demo settings of run.sh (all four
 * local clusters), and nobody maps, applies or sets anything by hand first. The demo seeder alone
 * makes alice and bob ready to submit on every cluster.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties =
                "federa.demo.slurm-env=/var/tmp/federa-slurm/clusters.env,/var/tmp/federa-slurm/clusters-newer.env")
class DemoStackIT {

    private static final List<String> CLUSTERS = List.of("c1", "c2", "c3", "c4");

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;

    @LocalServerPort
    int port;

    @Autowired
    Runs runs;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    Quotas quotas;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    ClusterPermissions permissions;

    @BeforeAll
    static void allGenerations() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    /** The seeder works in the background after start-up; this only waits for it, it does nothing itself. */
    @BeforeEach
    void demoStackSeeded() {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> CLUSTERS.stream()
                        .allMatch(c -> slurmUsers.slurmUserOf(c, "alice").isPresent()
                                && slurmUsers.slurmUserOf(c, "bob").isPresent()
                                && quotas.quotaOf("team-a", c).isPresent()
                                && quotas.quotaOf("team-b", c).isPresent()
                                && registry.overview().stream()
                                        .filter(o -> o.name().equals(c))
                                        .map(ClusterOverview::partitions)
                                        .anyMatch(p -> !p.isEmpty())));
    }

    @Test
    void alice_submits_the_python_template_to_any_eligible_cluster_and_the_run_completes_with_its_charts() {
        Page page = browser.newPage();
        Browser.logIn(page, "http://localhost:" + port, "alice");
        page.navigate("http://localhost:" + port + "/runs/new");
        RunPages.chooseTemplate(page, "Python training script");
        RunPages.fillParam(page, "epochs", "2");
        assertThat(page.locator("#run-cluster")).containsText("Any eligible cluster");
        assertThat(page.locator("#run-routing")).containsText(Pattern.compile("Chosen: c[1-4] — "));
        // every cluster is open to her: none is excluded for a missing Slurm user, account or partition
        assertThat(page.locator("#routing-grid")).not().containsText("no Slurm user");
        assertThat(page.locator("#routing-grid")).not().containsText("no Slurm account");
        assertThat(page.locator("#routing-grid")).not().containsText("no default partition");
        assertThat(page.locator("#run-quota")).containsText(Pattern.compile("Team team-a's quota on c[1-4]: "));
        Browser.screenshot(page, "demo-submit");

        Run run = runs.find(alice(), RunPages.submit(page)).orElseThrow();
        assertThat(run.cluster()).isIn(CLUSTERS);
        RunPages.awaitPythonRunCompleted(page, 2, Duration.ofMinutes(2));
        Browser.screenshot(page, "demo-run-completed");
        page.context().close();
    }

    @Test
    void on_c3_without_a_default_partition_routing_picks_one_the_team_may_use_and_says_which() {
        // c3's REST API (v0.0.42) does not say which partition is the default
        assertThat(registry.overview().stream()
                        .filter(c -> c.name().equals("c3"))
                        .flatMap(c -> c.partitions().stream())
                        .noneMatch(p -> p.isDefault()))
                .isTrue();
        RunRequest request = RunRequest.of("team-a", "c3", "#!/bin/bash\n#SBATCH -J no-default\necho on c3\n");

        RunPlan plan = runs.check(alice(), request);
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.resources().partition()).isEqualTo("debug");
        assertThat(plan.notes())
                .contains("The cluster has no default partition: the run goes to partition debug, the first (by name) "
                        + "that team team-a may use and the run fits.");
        ClusterVerdict c3 =
                runs.route(alice(), request.withCluster("any")).verdict("c3").orElseThrow();
        assertThat(c3.eligible()).as(c3.summary()).isTrue();
        assertThat(c3.partition()).isEqualTo("debug");

        Run run = runs.submit(alice(), request);
        Run done = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> runs.find(alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        // accounting lags the controller by a second or so
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(slurm.run(
                                "c3",
                                List.of(
                                        "sacct",
                                        "-n",
                                        "-X",
                                        "-P",
                                        "-j",
                                        String.valueOf(done.slurmJobId()),
                                        "-o",
                                        "partition")))
                        .contains("debug"));
    }

    @Test
    void the_demo_gpu_template_sent_to_any_eligible_cluster_lands_where_gpus_are_and_completes() {
        RunRequest request =
                RunRequest.fromTemplate("team-a", RunRouting.ANY, "gpu-check", Map.of("gpus", "1", "seconds", "1"));

        RunPlan plan = runs.check(alice(), request);
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.resources().gpus()).isEqualTo(1);
        assertThat(plan.script()).contains("#SBATCH --gres=gpu:1\n");
        assertThat(plan.cluster()).isIn("c1", "c3", "c4");
        assertThat(plan.routing().verdict("c2").orElseThrow().reasons())
                .containsExactly("The run asks for 1 GPU(s) per node, but no node of partition debug has GPUs.");

        Run run = runs.submit(alice(), request);
        assertThat(run.cluster()).isNotEqualTo("c2");
        Run done = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> runs.find(alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        assertThat(done.tags()).containsEntry("template", "gpu-check");
    }

    @Test
    void the_seeder_applied_each_clusters_plan_and_pushed_the_demo_quota_as_the_teams_qos() {
        for (String cluster : CLUSTERS) {
            // applied now, or by an earlier start on these shared clusters: either way nothing is left
            assertThat(SystemTasks.runAsSystem(() -> permissions.plan(cluster)).changes())
                    .as("what is left to apply on %s", cluster)
                    .isEmpty();
        }
        // each team's quota on each cluster, pushed to Slurm as its QOS (the push checks what Slurm then
        // holds; other tests on these shared clusters may change the QOS afterwards)
        List<QuotaOverview> all = SystemTasks.runAsSystem(quotas::allQuotas);
        for (String cluster : CLUSTERS) {
            for (String team : List.of("team-a", "team-b")) {
                QuotaOverview q = all.stream()
                        .filter(o -> o.quota().team().equals(team)
                                && o.quota().cluster().equals(cluster))
                        .findFirst()
                        .orElseThrow();
                assertThat(q.quota().maxCpus()).isEqualTo(4);
                assertThat(q.quota().maxJobs()).isEqualTo(8);
                assertThat(q.push().qosName()).isEqualTo(TeamQos.nameFor(team, cluster));
                assertThat(q.push().pushedAt())
                        .as("%s on %s: %s", team, cluster, q.push())
                        .isNotNull();
                assertThat(q.push().lastError()).isNull();
            }
        }
    }
}

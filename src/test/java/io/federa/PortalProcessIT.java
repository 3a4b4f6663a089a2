package io.federa;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.PortalProcess;
import io.federa.support.PortalRuns;
import io.federa.support.SilentCluster;
import io.federa.support.SlurmTestClusters;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The portal as its own process, on the real c1 and the real Keycloak, set up by its demo seeder
 * (as run.sh starts it): a {@code kill -9} while a run is in flight and a start on the same data
 * directory at once; a SIGTERM while a Slurm call hangs.
 */
class PortalProcessIT {

    private static final Duration START = Duration.ofMinutes(4); // a loaded 2-core CI machine

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    @Test
    void a_portal_killed_with_sigkill_starts_again_at_once_and_its_run_completes_as_exactly_one_slurm_job()
            throws Exception {
        try (var portal = new PortalProcess(tmp.resolve("data"), freePort(), portalArgs(demoEnv(null)))) {
            portal.start();
            portal.awaitReady(START);
            awaitDemoStack(portal);
            Page alice = logIn(portal, "alice");
            String runId =
                    PortalRuns.submit(alice, portal, "#!/bin/bash\n#SBATCH -J crash-safe\nsleep 20\necho done\n");
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> PortalRuns.state(alice, portal, runId), s -> s.equals("RUNNING"));
            alice.context().close();

            portal.kill();
            long died = System.nanoTime();
            ProcessHandle leftover = portal.postmaster()
                    .orElseThrow(() -> new AssertionError("kill -9 should leave the embedded PostgreSQL running"));
            portal.start();
            assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(2));
            portal.awaitReady(START);
            assertThat(leftover.isAlive()).isFalse();
            assertThat(portal.log())
                    .contains("still runs on "
                            + tmp.resolve("data").resolve("postgres").toAbsolutePath())
                    .contains("Stopped the leftover PostgreSQL")
                    .doesNotContain("lock file \"postmaster.pid\" already exists");

            Page again = logIn(portal, "alice");
            JsonNode run = PortalRuns.awaitCompleted(again, portal, runId, Duration.ofMinutes(2));
            assertThat(jobsCarrying(runId))
                    .containsExactly(run.path("slurmJobId").asString());
            again.context().close();
        }
    }

    /**
     * run.sh starts the portal in Spring's AOT mode, on bean definitions the build generated for the
     * demo profile (ADR 38): each demo person's landing page, the runs page, and a run to the end.
     */
    @Test
    void in_springs_aot_mode_as_run_sh_starts_it_each_demo_person_sees_their_landing_page_and_a_run_completes()
            throws Exception {
        try (var portal = new PortalProcess(
                tmp.resolve("data"), freePort(), List.of("-Dspring.aot.enabled=true"), portalArgs(demoEnv(null)))) {
            portal.start();
            portal.awaitReady(START);
            assertThat(portal.log())
                    .as("the build generates the AOT classes (process-aot) before the integration tests")
                    .contains("Starting AOT-processed FederaApplication");
            awaitDemoStack(portal);

            Page carol = browser.newPage();
            Browser.logIn(carol, portal.url(), "carol");
            assertThat(carol.locator("#attention")).isVisible();
            carol.navigate(portal.url() + "/admin/clusters");
            assertThat(carol.locator("body")).containsText("c1");
            carol.context().close();

            Page dave = browser.newPage();
            Browser.logIn(dave, portal.url(), "dave");
            assertThat(dave.locator("#approvals")).isVisible();
            dave.context().close();

            Page bob = browser.newPage();
            Browser.logIn(bob, portal.url(), "bob");
            assertThat(bob.locator("#my-teams [data-team='team-b']")).isVisible();
            bob.context().close();

            Page alice = browser.newPage();
            Browser.logIn(alice, portal.url(), "alice");
            assertThat(alice.locator("#my-teams [data-team='team-a']")).isVisible();
            String runId = PortalRuns.submit(alice, portal, "#!/bin/bash\n#SBATCH -J aot-mode\necho done\n");
            PortalRuns.awaitCompleted(alice, portal, runId, Duration.ofMinutes(2));
            alice.navigate(portal.url() + "/runs/" + runId);
            assertThat(alice.locator(".state-badge").first()).hasText("COMPLETED");
            alice.context().close();
            assertThat(portal.log()).doesNotContain("Exception in thread");
        }
    }

    @Test
    void sigterm_stops_the_portal_within_10_seconds_while_a_slurm_call_hangs() throws Exception {
        try (var silent = new SilentCluster();
                var portal = new PortalProcess(
                        tmp.resolve("data"),
                        freePort(),
                        portalArgs(
                                demoEnv(silent),
                                // without the stop's cancellation, each call would hang for a minute
                                "--federa.slurm.read-timeout=60s",
                                "--federa.slurm.call-timeout=90s"))) {
            portal.start();
            portal.awaitReady(START);
            // the health poller (and the demo seeder) wait for the silent cluster
            await().atMost(Duration.ofMinutes(1)).until(() -> silent.openCalls() > 0);
            ProcessHandle postgres = portal.postmaster().orElseThrow();

            Duration took = portal.terminate(Duration.ofSeconds(30));

            assertThat(portal.isAlive()).as("still running after %s", took).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            // stopped by the portal (what is left is a zombie until init reaps it)
            await().atMost(Duration.ofSeconds(10)).until(() -> !postgres.isAlive());
            assertThat(portal.log()).doesNotContain("Exception in thread");
            System.out.printf("SIGTERM with a hanging Slurm call: the portal stopped in %d ms%n", took.toMillis());
        }
    }

    private List<String> portalArgs(Path env, String... more) {
        var args = new java.util.ArrayList<>(List.of(
                "--spring.profiles.active=demo",
                "--federa.demo.slurm-env=" + env,
                "--federa.submission.working-directory=" + slurm.jobDir(),
                "--federa.mirror.poll-interval=1s",
                "--federa.clusters.health-interval=1s",
                "--federa.submission.reconcile-interval=1s",
                "--federa.directory.enabled=false",
                "--federa.demo.retry-interval=3s", // c1's slurmrestd may be down a moment (other tests stop it)
                "--logging.level.io.federa=info"));
        args.addAll(Arrays.asList(more));
        return args;
    }

    /** clusters.env of the local clusters, naming c1 only (and the silent cluster, if given). */
    private Path demoEnv(SilentCluster silent) throws IOException {
        var env = new Properties();
        try (var in = Files.newBufferedReader(SlurmTestClusters.ENV)) {
            env.load(in);
        }
        env.setProperty("SLURM_CLUSTERS", silent == null ? "c1" : "c1,silent");
        if (silent != null) {
            Path key = tmp.resolve("silent.key");
            Files.write(key, new byte[32]);
            env.setProperty("SILENT_URL", silent.url().toString());
            env.setProperty("SILENT_JWT_KEY", key.toString());
        }
        Path file = tmp.resolve("clusters.env");
        try (var out = Files.newBufferedWriter(file)) {
            env.store(out, "PortalProcessIT");
        }
        return file;
    }

    private static void awaitDemoStack(PortalProcess portal) {
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> portal.log().contains("demo: the demo stack is ready"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "the demo stack was not ready after 2 minutes; the portal's log ends:\n" + portal.tail(80), e);
        }
        assertThat(portal.log()).contains("c1: ");
    }

    /** A Keycloak login in Chromium, for the session cookie (API calls need no Vaadin page). */
    private static Page logIn(PortalProcess portal, String user) {
        Page page = browser.newPage();
        page.navigate(portal.url() + "/oauth2/authorization/keycloak");
        page.waitForURL(Browser.KEYCLOAK_LOGIN);
        page.locator("#username").fill(user);
        page.locator("#password").fill(user);
        page.locator("#kc-login").click();
        page.waitForURL(
                java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(portal.url()) + "/.*"),
                new Page.WaitForURLOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.COMMIT));
        return page;
    }

    /** Slurm job ids on c1 whose comment carries the run id, as the controller lists them. */
    private static List<String> jobsCarrying(String runId) {
        String out = slurm.run("c1", List.of("squeue", "-h", "-t", "all", "-o", "%i|%k"));
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.endsWith("|federa-run=" + runId))
                .map(l -> l.substring(0, l.indexOf('|')))
                .toList();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

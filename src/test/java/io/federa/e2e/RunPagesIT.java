package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.access.PersonSlurmUsers;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.submission.RunRequest;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalWithClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run page, the runs list and the comparison in a real browser (real Keycloak login), fed by real
 * runs on c1 that report through the portal's API with curl while the page is open.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts"
        })
class RunPagesIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    /**
     * Waits for a "go" file (so the test decides when it reports), then reports 5 steps of two metrics
     * and a log line per step, one second apart, with curl as the README shows.
     */
    private static final String SCRIPT = """
            #!/bin/bash
            #SBATCH -J page-demo
            #SBATCH --time=0:05:00
            for i in $(seq 1 900); do [ -f "go-$FEDERA_RUN_ID" ] && break; sleep 0.2; done
            post() {
              curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H "Content-Type: $1" --data "$2" \\
                "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/$3" > /dev/null
            }
            for step in 1 2 3 4 5; do
              loss=$(awk -v s=$step -v lr=$FEDERA_PARAM_LR 'BEGIN { printf "%.4f", lr * 10 / s }')
              post application/json '[{"key":"loss","step":'$step',"value":'$loss'},{"key":"accuracy","step":'$step',"value":0.'$step'}]' metrics
              post text/plain "training step $step" logs
              sleep 1
            done
            """;

    @Autowired
    Runs runs;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private final List<Path> goFiles = new ArrayList<>();
    private final List<String> started = new ArrayList<>();

    @BeforeEach
    void federate() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String id : started) {
            runs.find(alice(), id)
                    .filter(r -> !r.state().isFinal() && r.slurmJobId() != null)
                    .ifPresent(r -> slurm.run("c1", List.of("scancel", String.valueOf(r.slurmJobId()))));
        }
        for (Path go : goFiles) {
            Files.deleteIfExists(go);
        }
    }

    @Test
    void alice_follows_a_run_live_compares_two_runs_and_bob_sees_nothing_of_them() throws Exception {
        // A takes one of c1n1's two CPUs and waits; B wants both, so it pends until A is done
        Run a = submit("0.01", 1);
        awaitState(a, RunState.RUNNING);
        Run b = submit("0.1", 2);
        awaitState(b, RunState.PENDING);

        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/runs/" + b.id());
        assertThat(page.locator("#run-state")).containsText("PENDING", SOON);
        assertThat(page.locator("#run-reason")).containsText("waiting for", SOON);
        assertThat(page.locator("#run-queue"))
                .containsText(Pattern.compile("Queue position \\d+ of \\d+ pending jobs"));
        assertThat(page.locator("#run-queue")).containsText("partition debug on c1");
        assertThat(page.locator("#run-cancel")).isEnabled();
        page.evaluate("() => { window.federaNoReload = 'still the same page'; }");

        long t0 = System.nanoTime();
        go(a); // A reports and ends; B starts, waits for its own go file
        assertThat(page.locator("#run-state")).containsText("RUNNING", SOON);
        assertThat(page.locator("#run-queue")).isHidden();
        assertThat(page.locator("#run-charts")).containsText("No metrics yet.");
        go(b);
        assertThat(page.locator("#run-log")).containsText("training step 2", SOON);
        // the charts appear while the page is open, drawn in the browser from the points sent
        var loss = page.locator("#run-charts federa-line-chart[data-metric='loss']");
        assertThat(loss.locator("canvas")).isVisible();
        assertThat(page.locator("#run-charts federa-line-chart[data-metric='accuracy'] canvas"))
                .isVisible();
        int firstSeen = Integer.parseInt(loss.getAttribute("data-points"));
        assertThat(page.locator("#run-state")).containsText("COMPLETED", SOON);
        assertThat(page.locator("#run-log")).containsText("training step 5", SOON);
        // ... and gain the later points (appended, throttled) without a reload
        assertThat(loss)
                .hasAttribute("data-last-x", "5", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(loss).hasAttribute("data-points", "5");
        assertThat(firstSeen).isLessThan(5);
        // hovering shows the value at the cursor: loss at step 5 = 0.1 * 10 / 5
        loss.locator(".u-over").scrollIntoViewIfNeeded();
        var over = loss.locator(".u-over").boundingBox();
        page.mouse().move(over.x + over.width - 1, over.y + over.height / 2);
        assertThat(loss.locator(".u-legend")).containsText("0.2");
        System.out.printf(
                "run page: B went from PENDING to COMPLETED with 5 live reports in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(page.locator("#run-cancel")).isDisabled();
        assertThat(page.locator("#run-history")).containsText("PENDING");
        assertThat(page.locator("#run-history")).containsText("RUNNING");
        assertThat(page.locator("#run-params")).containsText("lr");
        assertThat(page.locator("#run-params")).containsText("0.1");
        Run done = runs.find(alice(), b.id()).orElseThrow();
        assertThat(page.locator("#run-job-link")).hasAttribute("href", "jobs/c1/" + done.slurmJobId());
        assertThat(page.locator("#run-lineage")).containsText("cafe0042");
        assertThat(page.evaluate("() => window.federaNoReload")).isEqualTo("still the same page");
        Browser.screenshot(page, "run-page");
        chartsShot(page, "#run-charts", "run-page-charts");

        // re-run with edits hands over to the submit page by its contract
        page.locator("#run-rerun").click();
        page.waitForURL(Pattern.compile(".*/runs/new\\?from=" + b.id()));
        // ... which starts from that run: its own script, its cluster, its resources
        assertThat(page.locator("#run-copied-from")).containsText("Starting from run " + b.id());
        assertThat(page.locator("#run-source vaadin-radio-button[checked]")).containsText("My own script");
        assertThat(page.locator("#run-cluster")).containsText("c1");
        assertThat(page.locator("#run-script .cm-content")).containsText("#SBATCH -J page-demo");

        // the list shows both; ticking both and Compare opens the comparison
        awaitState(a, RunState.COMPLETED);
        page.navigate(portal() + "/runs");
        assertThat(page.locator("#runs-grid [data-run='" + a.id() + "']")).isVisible();
        assertThat(page.locator("#runs-grid [data-run='" + b.id() + "']")).isVisible();
        assertThat(page.locator("#runs-compare")).isDisabled();
        tick(page, a.id());
        tick(page, b.id());
        assertThat(page.locator("#runs-compare")).isEnabled();
        page.locator("#runs-compare").click();
        page.waitForURL(Pattern.compile(".*/runs/compare\\?ids=.*"));
        var params = page.locator("#compare-params");
        assertThat(params).containsText("0.01");
        assertThat(params).containsText("0.1");
        assertThat(page.locator("#compare-params tr.differs")).containsText("lr");
        var finals = page.locator("#compare-metrics");
        assertThat(finals).containsText("loss");
        // loss at step 5 = lr * 10 / 5: 0.02 for A, 0.2 for B; accuracy 0.5 for both
        assertThat(finals).containsText("0.02 (step 5)");
        assertThat(finals).containsText("0.2 (step 5)");
        assertThat(finals).containsText("0.5 (step 5)");
        var overlaid = page.locator("#compare-charts federa-line-chart[data-metric='loss']");
        assertThat(overlaid).hasAttribute("data-series", "2");
        assertThat(overlaid.locator(".u-legend")).containsText(a.id());
        assertThat(overlaid.locator(".u-legend")).containsText(b.id());
        Browser.screenshot(page, "compare");
        chartsShot(page, "#compare-charts", "compare-charts");
        String compareUrl = page.url();
        page.context().close();

        // bob: neither page nor comparison, nothing of team-a's runs in his list
        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        var response = bob.navigate(portal() + "/runs/" + a.id());
        assertThat(response.status()).isEqualTo(404);
        assertThat(bob.locator("body")).containsText("No such run");
        assertThat(bob.content()).doesNotContain("page-demo").doesNotContain("0.01");
        response = bob.navigate(compareUrl);
        assertThat(response.status()).isEqualTo(404);
        assertThat(bob.content())
                .doesNotContain("page-demo")
                .doesNotContain(a.id())
                .doesNotContain(b.id());
        bob.navigate(portal() + "/runs");
        assertThat(bob.locator("#runs-grid")).isVisible();
        assertThat(bob.locator("#runs")).containsText("Runs your teams sent");
        assertThat(bob.locator("#runs-grid [data-run]")).hasCount(0);
        assertThat(runs.list(Federation.bob(), io.federa.runs.RunFilter.ANY, 0, 100))
                .isEmpty();
        bob.context().close();
    }

    @Test
    void a_comparison_of_more_than_10_runs_is_refused_with_400_before_any_run_is_looked_up() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        String eleven = String.join(
                ",",
                java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "r-aaaaaaaaaaa" + (char) ('a' + i))
                        .toList());

        var response = page.navigate(portal() + "/runs/compare?ids=" + eleven);

        assertThat(response.status()).isEqualTo(400);
        assertThat(page.locator("#too-many-runs")).containsText("at most 10 runs; this link names 11");
        // hundreds of ids (as many as a URL holds) are refused the same way, not looked up one by one
        String many = String.join(
                ",",
                java.util.stream.IntStream.range(0, 500)
                        .mapToObj(i -> "r-" + Integer.toString(1_000_000 + i, 36))
                        .toList());
        assertThat(page.navigate(portal() + "/runs/compare?ids=" + many).status())
                .isEqualTo(400);
        page.context().close();
    }

    @Test
    void alice_cancels_a_waiting_run_from_its_page() throws Exception {
        Run c = submit("0.5", 1);
        awaitState(c, RunState.RUNNING);
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/runs/" + c.id());
        assertThat(page.locator("#run-state")).containsText("RUNNING", SOON);
        page.locator("#run-cancel").click();
        page.locator("#run-cancel-confirm vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("#run-state")).containsText("CANCELLED", SOON);
        assertThat(page.locator("#run-cancel")).isDisabled();
        page.context().close();
    }

    private Run submit(String lr, int cpus) {
        var request = new RunRequest(
                "team-a",
                "c1",
                SCRIPT,
                null,
                cpus,
                null,
                null,
                null,
                null,
                "cafe0042",
                Map.of("lr", lr, "batch", "32"));
        Run run = runs.submit(alice(), request);
        started.add(run.id());
        goFiles.add(Path.of(slurm.jobDir(), "go-" + run.id()));
        assertThat(run.state()).as(run.stateReason()).isEqualTo(RunState.SUBMITTED);
        return run;
    }

    private void go(Run run) throws Exception {
        Files.writeString(Path.of(slurm.jobDir(), "go-" + run.id()), "go");
    }

    private void awaitState(Run run, RunState state) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> runs.find(alice(), run.id()).orElseThrow().state(), s -> s == state);
    }

    /** Ticks the row's selection checkbox: the first cell of the grid row that holds the run's link. */
    private static void tick(Page page, String runId) {
        String slot = (String) page.evaluate("""
                (id) => {
                  const grid = document.querySelector('#runs-grid');
                  const content = grid.querySelector(`[data-run="${id}"]`).closest('vaadin-grid-cell-content');
                  const row = grid.shadowRoot.querySelector(`slot[name="${content.slot}"]`).closest('tr');
                  return row.querySelector('slot').name;
                }""", runId);
        page.locator("#runs-grid vaadin-grid-cell-content[slot='" + slot + "'] vaadin-checkbox")
                .click();
    }

    /** The page scrolls inside Vaadin's layout, so a full-page shot stops at the fold: the charts on their own. */
    private static void chartsShot(Page page, String selector, String name) {
        page.locator(selector)
                .screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                        .setPath(Path.of("target", "screenshots", name + ".png")));
    }
}

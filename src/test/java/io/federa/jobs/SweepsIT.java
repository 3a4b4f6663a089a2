package io.federa.jobs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.access.PersonSlurmUsers;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalWithClusters;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Issue 5 item 3 on the real c1: a 6-trial sweep runs as ONE job array, each trial a run, and names the best. */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.runs.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.reconcile-interval=1s",
        })
class SweepsIT extends PortalWithClusters {

    private static final Duration SOON = Duration.ofSeconds(120);

    /** loss = (lr - 2)^2 + epochs: the best of lr ∈ {1,2,3} × epochs ∈ {1,2} is lr=2, epochs=1 (trial 2). */
    private static final String SCRIPT = """
            #!/bin/bash
            #SBATCH -J sweep-it
            #SBATCH -c 1
            #SBATCH --time=0:05:00
            set -e
            echo "$FEDERA_TOKEN" > "token-$FEDERA_RUN_ID"
            loss=$(python3 -c 'import os; lr=float(os.environ["FEDERA_PARAM_LR"]); e=int(os.environ["FEDERA_PARAM_EPOCHS"]); print((lr-2)**2+e)')
            curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H 'Content-Type: application/json' \\
              --data "[{\\"key\\":\\"loss\\",\\"step\\":1,\\"value\\":9},{\\"key\\":\\"loss\\",\\"step\\":2,\\"value\\":$loss}]" \\
              "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/metrics"
            """;

    @Autowired
    Sweeps sweeps;

    @Autowired
    Runs runs;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void federate() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
    }

    @Test
    void a_sweep_of_6_trials_runs_as_one_job_array_and_names_the_best_trial() throws Exception {
        double submitsBefore = submitCalls();
        SweepSpec spec = SweepSpace.spec("lr = 1, 2, 3\nepochs = 1..2\n", SweepSpec.Strategy.GRID, 0, 0);
        Sweep sweep = sweeps.submit(
                alice(), SweepRequest.of("team-a", "c1", SCRIPT, spec, "loss", SweepObjective.Goal.MINIMIZE, 3));
        assertThat(sweep.id()).matches("s-[a-z2-7]{12}");
        assertThat(sweep.state()).as(sweep.stateReason()).isEqualTo(SweepState.SUBMITTED);
        assertThat(sweep.arrayJobId()).isNotNull();
        assertThat(sweep.trialCount()).isEqualTo(6);
        assertThat(sweep.script()).isEqualTo(SCRIPT).doesNotContain("frt_");
        assertThat(submitCalls() - submitsBefore)
                .as("one submit for the whole sweep")
                .isEqualTo(1);
        // quota: one trial's CPU × the concurrency limit
        assertThat(jdbc.queryForObject(
                        "select cpus from quota_reservations where run_ref = ? and released_at is null",
                        Integer.class,
                        sweep.id()))
                .isEqualTo(3);

        List<SweepTrialRun> done = await().atMost(SOON)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> sweeps.trials(alice(), sweep.id()),
                        t -> t.size() == 6 && t.stream().allMatch(x -> x.state().isFinal()));
        assertThat(done)
                .allSatisfy(t -> assertThat(t.state())
                        .as("trial %d: %s", t.index(), t.stateReason())
                        .isEqualTo(RunState.COMPLETED));
        assertThat(done)
                .extracting(SweepTrialRun::params)
                .containsExactly(
                        Map.of("lr", "1", "epochs", "1"),
                        Map.of("lr", "1", "epochs", "2"),
                        Map.of("lr", "2", "epochs", "1"),
                        Map.of("lr", "2", "epochs", "2"),
                        Map.of("lr", "3", "epochs", "1"),
                        Map.of("lr", "3", "epochs", "2"));
        // the final value (highest step) of each trial's own metric
        assertThat(done).extracting(SweepTrialRun::objectiveValue).containsExactly(2.0, 3.0, 1.0, 2.0, 2.0, 3.0);
        assertThat(done).extracting(SweepTrialRun::runId).doesNotHaveDuplicates();
        for (SweepTrialRun t : done) {
            Run run = runs.find(alice(), t.runId()).orElseThrow();
            assertThat(run.params()).containsAllEntriesOf(t.params());
            assertThat(run.slurmJobId()).isNotNull();
            assertThat(runs.metrics(alice(), t.runId(), "loss", 10)).hasSize(2);
        }
        SweepBest best = sweeps.best(alice(), sweep.id()).orElseThrow();
        assertThat(best.trial().index()).isEqualTo(2);
        assertThat(best.value()).isEqualTo(1.0);
        assertThat(best.trial().params()).containsEntry("lr", "2").containsEntry("epochs", "1");

        // exactly one job array on the cluster carries the sweep's comment, with six tasks
        List<String[]> tasks = tasksCarrying(sweep.id());
        assertThat(tasks).hasSize(6);
        assertThat(tasks.stream().map(l -> l[1]).distinct()).containsExactly(String.valueOf(sweep.arrayJobId()));
        assertThat(tasks.stream().map(l -> l[2]).sorted()).containsExactly("0", "1", "2", "3", "4", "5");

        // the sweep ended and gave its quota back
        Sweep ended = await().atMost(Duration.ofSeconds(20))
                .until(() -> sweeps.find(alice(), sweep.id()).orElseThrow(), s -> s.state() == SweepState.ENDED);
        assertThat(ended.endedAt()).isNotNull();
        assertThat(jdbc.queryForObject(
                        "select count(*) from quota_reservations where run_ref = ? and released_at is null",
                        Integer.class,
                        sweep.id()))
                .isZero();

        // a trial's token writes to its own run only
        String token0 = token(done.get(0).runId());
        assertThat(post(token0, done.get(1).runId())).isEqualTo(403);
        assertThat(post(token0, done.get(0).runId())).isEqualTo(200);

        // bob sees neither the sweep nor its trials
        assertThat(sweeps.find(bob(), sweep.id())).isEmpty();
        assertThat(sweeps.trials(bob(), sweep.id())).isEmpty();
        assertThat(sweeps.best(bob(), sweep.id())).isEmpty();
        assertThat(sweeps.page(bob(), null, 0, 50)).extracting(Sweep::id).doesNotContain(sweep.id());
        assertThat(runs.find(bob(), done.get(2).runId())).isEmpty();

        // the sweep page with a real login: six trials, the best one highlighted with its params
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/sweeps/" + sweep.id());
        assertThat(page.locator("#sweep-best")).containsText("lr=2, epochs=1");
        assertThat(page.locator("#sweep-best")).containsText(done.get(2).runId());
        var rows = page.locator("#sweep-trials vaadin-grid-cell-content");
        for (SweepTrialRun t : done) {
            assertThat(page.locator("#sweep-trials a[href='runs/" + t.runId() + "']"))
                    .hasCount(1);
        }
        assertThat(rows.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("COMPLETED")))
                .hasCount(6);
        assertThat(page.locator("#sweep-summary")).containsText("6 of 6");
        // the objective's curves, one per trial, drawn in the browser with a legend entry each
        var curves = page.locator("#sweep-objective-chart");
        assertThat(curves).hasAttribute("data-metric", "loss");
        assertThat(curves).hasAttribute("data-series", "6");
        assertThat(curves.locator(".u-legend")).containsText("trial 2");
        Browser.screenshot(page, "sweep-page");
        var api = page.request().get(portal() + "/api/sweeps/" + sweep.id());
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.text()).contains("\"index\":2").contains(done.get(2).runId());
        page.context().close();

        Page bobPage = browser.newPage();
        Browser.logIn(bobPage, portal(), "bob");
        bobPage.navigate(portal() + "/sweeps/" + sweep.id());
        assertThat(bobPage.locator("#sweep")).containsText("No such sweep");
        assertThat(bobPage.locator("#sweep")).not().containsText(done.get(2).runId());
        assertThat(bobPage.request().get(portal() + "/api/sweeps/" + sweep.id()).status())
                .isEqualTo(404);
        bobPage.context().close();
    }

    @Test
    void the_new_sweep_form_lists_what_to_fix_and_sends_nothing() {
        double submitsBefore = submitCalls();
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/sweeps/new");
        page.locator("#sweep-parameters textarea").fill("lr = 0.1, 0.1\nepochs 1..3\nwd = 1..2 step 0");
        page.locator("#sweep-submit").click();
        assertThat(page.locator("#sweep-problems")).containsText("Line 2");
        page.locator("#sweep-parameters textarea").fill("lr = 0.1, 0.1\nwd = 1..2 step 0");
        page.locator("#sweep-submit").click();
        assertThat(page.locator("#sweep-problems")).containsText("listed twice");
        assertThat(page.locator("#sweep-problems")).containsText("the step must be at least 1");
        page.context().close();
        assertThat(submitCalls()).isEqualTo(submitsBefore);
    }

    /** [job id, array job id, array task id] of every task on c1 whose comment names the sweep. */
    private List<String[]> tasksCarrying(String sweepId) {
        String out = slurm.run("c1", List.of("squeue", "-h", "-t", "all", "-r", "-o", "%i|%F|%K|%k"));
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.endsWith("|federa-sweep=" + sweepId))
                .map(l -> l.split("\\|"))
                .map(p -> new String[] {p[0], p[1], p[2]})
                .toList();
    }

    private String token(String runId) throws Exception {
        Path file = Path.of(slurm.jobDir(), "token-" + runId);
        String token = Files.readString(file).trim();
        Files.delete(file);
        return token;
    }

    private int post(String token, String runId) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(portal() + "/api/runs/" + runId + "/metrics"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "[{\"key\":\"probe\",\"step\":1,\"value\":1}]"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private double submitCalls() {
        return meters.find("federa.slurm.requests").tag("endpoint", "/slurm/{v}/job/submit").timers().stream()
                .mapToDouble(t -> t.count())
                .sum();
    }
}

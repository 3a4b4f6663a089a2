package io.federa.runs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterSettings;
import io.federa.mirror.JobMirror;
import io.federa.shared.AuditRecord;
import io.federa.shared.SystemTasks;
import io.federa.support.AnswerDroppingProxy;
import io.federa.support.AuditTrail;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.submission.lost-after=4s",
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
    io.federa.audit.AuditLog auditLog;

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

    @Autowired
    JobMirror mirror;

    @BeforeEach
    void federate() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
    }

    /**
     * The same exactly-once core as runs' (RunsIT.a_lost_submit_answer_is_reconciled_to_exactly_one_slurm_job):
     * a sweep whose answer was lost is found by its id, never re-sent; one whose request never arrived is
     * LOST after the grace, with its trials.
     */
    @Test
    void a_lost_submit_answer_of_a_sweep_is_reconciled_to_exactly_one_job_array() throws Exception {
        String cluster = "c1-sweep-lost" + System.nanoTime() % 100_000;
        Long array = null;
        try (var proxy = new AnswerDroppingProxy(slurm.url("c1"))) {
            SystemTasks.runAsSystem(() -> {
                registry.register(new ClusterSettings(
                        cluster, proxy.url(), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null));
                accounts.map(new TeamAccount(cluster, "team-a", "team-a"));
                slurmUsers.map(cluster, "alice", "alice");
                return null;
            });
            Federation.awaitPartitions(registry, cluster);
            SweepSpec spec = SweepSpace.spec("lr = 1, 2\n", SweepSpec.Strategy.GRID, 0, 0);

            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_ANSWER);
            Sweep sweep = sweeps.submit(
                    alice(), SweepRequest.of("team-a", cluster, SCRIPT, spec, "loss", SweepObjective.Goal.MINIMIZE, 2));
            assertThat(sweep.arrayJobId()).isNull();
            assertThat(sweep.stateReason())
                    .contains("answer of cluster " + cluster + " to the submission was lost")
                    .contains("looking for the job array by its sweep id and never sends it twice");
            Sweep found = await().atMost(SOON)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> sweeps.find(alice(), sweep.id()).orElseThrow(), s -> s.arrayJobId() != null);
            array = found.arrayJobId();
            assertThat(found.state()).isNotIn(SweepState.LOST, SweepState.FAILED);
            assertThat(proxy.submitsForwarded()).isEqualTo(1);
            assertThat(arraysCarrying(sweep.id())).containsExactly(String.valueOf(array));
            await().atMost(SOON)
                    .untilAsserted(() -> assertThat(sweeps.trials(alice(), sweep.id()))
                            .hasSize(2)
                            .allSatisfy(t -> assertThat(t.state()).isNotIn(RunState.QUEUED, RunState.LOST)));

            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_REQUEST);
            Sweep never = sweeps.submit(
                    alice(), SweepRequest.of("team-a", cluster, SCRIPT, spec, "loss", SweepObjective.Goal.MINIMIZE, 2));
            assertThat(never.state()).isEqualTo(SweepState.QUEUED);
            Sweep lost = await().atMost(SOON)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> sweeps.find(alice(), never.id()).orElseThrow(), s -> s.state() == SweepState.LOST);
            assertThat(lost.stateReason())
                    .contains("has no job array for this sweep")
                    .contains("nothing was sent again");
            await().atMost(SOON)
                    .untilAsserted(() -> assertThat(sweeps.trials(alice(), never.id()))
                            .hasSize(2)
                            .allSatisfy(t -> assertThat(t.state()).isEqualTo(RunState.LOST)));
            assertThat(proxy.submitsForwarded()).isEqualTo(1);
            assertThat(arraysCarrying(never.id())).isEmpty();
        } finally {
            if (array != null) {
                slurm.run("c1", List.of("scancel", String.valueOf(array)));
            }
            SystemTasks.runAsSystem(() -> {
                registry.setEnabled(cluster, false);
                return null;
            });
        }
    }

    /** The job arrays on c1 whose tasks carry the sweep's comment (each array once). */
    private List<String> arraysCarrying(String sweepId) {
        String out = slurm.run("c1", List.of("squeue", "-h", "-t", "all", "-o", "%F|%k"));
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.endsWith("|federa-sweep=" + sweepId))
                .map(l -> l.substring(0, l.indexOf('|')))
                .distinct()
                .toList();
    }

    @Test
    void a_lost_sweep_never_adopts_a_job_of_another_slurm_user_and_account_carrying_its_id() throws Exception {
        String cluster = "c1-sweep-proxy" + System.nanoTime() % 100_000;
        try (var proxy = new AnswerDroppingProxy(slurm.url("c1"))) {
            SystemTasks.runAsSystem(() -> {
                registry.register(new ClusterSettings(
                        cluster, proxy.url(), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null));
                accounts.map(new TeamAccount(cluster, "team-a", "team-a"));
                slurmUsers.map(cluster, "alice", "alice");
                return null;
            });
            Federation.awaitPartitions(registry, cluster);
            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_REQUEST);
            SweepSpec spec = SweepSpace.spec("lr = 1, 2\n", SweepSpec.Strategy.GRID, 0, 0);
            Sweep sweep = sweeps.submit(
                    alice(), SweepRequest.of("team-a", cluster, SCRIPT, spec, "loss", SweepObjective.Goal.MINIMIZE, 2));
            assertThat(sweep.arrayJobId()).isNull();
            // bob copies the sweep's comment onto a job of his own (his Slurm user, team-b's account)
            long bobs = slurm.sbatch(
                    "c1", "bob", "team-b", "--hold", "--comment=federa-sweep=" + sweep.id(), "--wrap", "sleep 30");
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                mirror.find(Federation.carol(), cluster, bobs).isPresent());
                await().during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(15))
                        .until(() ->
                                sweeps.find(alice(), sweep.id()).orElseThrow().arrayJobId() == null);
            } finally {
                slurm.run("c1", List.of("scancel", String.valueOf(bobs)));
            }
        } finally {
            SystemTasks.runAsSystem(() -> {
                registry.setEnabled(cluster, false);
                return null;
            });
        }
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
        assertThat(AuditTrail.exactlyOne(
                                auditLog, "sweep.submitted", "sweep", sweep.id(), "alice", AuditRecord.Outcome.SUCCESS)
                        .after())
                .containsEntry("trials", "6")
                .containsEntry("cluster", "c1");
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

    @Test
    void each_trial_gets_only_its_own_token_once_and_the_array_script_holds_none() throws Exception {
        String script = """
                #!/bin/bash
                #SBATCH -J sweep-tokens
                #SBATCH -c 1
                #SBATCH --time=0:05:00
                echo "$FEDERA_TOKEN" > "token-$FEDERA_RUN_ID"
                echo "${FEDERA_SWEEP_CLAIM:-unset}" > "claim-seen-$FEDERA_RUN_ID"
                tr '\\0' '\\n' < /proc/$$/environ | sed -n 's/^FEDERA_SWEEP_CLAIM=//p' > "claim-$FEDERA_RUN_ID"
                echo "$SLURM_JOB_ID" > "job-$FEDERA_RUN_ID"
                for i in $(seq 1 600); do [ -f "go-$FEDERA_SWEEP_ID" ] && break; sleep 0.2; done
                """;
        SweepSpec spec = SweepSpace.spec("lr = 1, 2\n", SweepSpec.Strategy.GRID, 0, 0);
        Sweep sweep = sweeps.submit(
                alice(), SweepRequest.of("team-a", "c1", script, spec, "loss", SweepObjective.Goal.MINIMIZE, 1));
        assertThat(sweep.state()).as(sweep.stateReason()).isEqualTo(SweepState.SUBMITTED);
        Path go = Path.of(slurm.jobDir(), "go-" + sweep.id());
        List<Path> written = new java.util.ArrayList<>(List.of(go));
        try {
            // what Slurm holds as the array's script: no run token of any trial
            String held = slurm.run("c1", List.of("scontrol", "write", "batch_script", sweep.arrayJobId() + "", "-"));
            assertThat(held).contains("/trials/").doesNotContain("frt_");

            List<SweepTrialRun> trials = sweeps.trials(alice(), sweep.id());
            String first = trials.get(0).runId();
            String second = trials.get(1).runId();
            written.addAll(jobFiles(first));
            written.addAll(jobFiles(second));
            Path tokenFile = Path.of(slurm.jobDir(), "token-" + first);
            await().atMost(SOON).until(() -> Files.exists(tokenFile) && Files.size(tokenFile) > 0);
            String token0 = Files.readString(tokenFile).trim();
            assertThat(token0).startsWith("frt_");
            assertThat(post(token0, first)).isEqualTo(200);
            assertThat(post(token0, second)).isEqualTo(403);
            assertThat(Files.readString(Path.of(slurm.jobDir(), "claim-seen-" + first))
                            .trim())
                    .as("the user's script no longer sees the sweep's claim secret")
                    .isEqualTo("unset");

            // whoever holds the claim secret (it is in the array's environment) cannot take another token
            String claim =
                    Files.readString(Path.of(slurm.jobDir(), "claim-" + first)).trim();
            String job0 =
                    Files.readString(Path.of(slurm.jobDir(), "job-" + first)).trim();
            assertThat(claim).startsWith("fsc_");
            assertThat(claimToken(claim, sweep.id(), 0, job0))
                    .as("trial 0 again")
                    .isEqualTo(409);
            assertThat(claimToken(claim, sweep.id(), 1, job0))
                    .as("trial 1, still waiting, with another task's job")
                    .isEqualTo(403);
            assertThat(claimToken(claim, sweep.id(), 1, String.valueOf(sweep.arrayJobId())))
                    .as("trial 1 with the array's job id")
                    .isEqualTo(403);
            assertThat(claimToken("fsc_" + "x".repeat(43), sweep.id(), 1, job0))
                    .as("a wrong secret")
                    .isEqualTo(401);

            // the second trial, once running, gets its own token
            Files.writeString(go, "");
            Path secondToken = Path.of(slurm.jobDir(), "token-" + second);
            await().atMost(SOON).until(() -> Files.exists(secondToken) && Files.size(secondToken) > 0);
            String token1 = Files.readString(secondToken).trim();
            assertThat(token1).startsWith("frt_").isNotEqualTo(token0);
            assertThat(post(token1, second)).isEqualTo(200);
            assertThat(post(token1, first)).isEqualTo(403);
            await().atMost(SOON)
                    .until(() -> sweeps.find(alice(), sweep.id()).orElseThrow(), s -> s.state() == SweepState.ENDED);
            assertThat(sweeps.trials(alice(), sweep.id()))
                    .allSatisfy(t -> assertThat(t.state()).as(t.stateReason()).isEqualTo(RunState.COMPLETED));
        } finally {
            Files.writeString(go, "");
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
        }
    }

    private List<Path> jobFiles(String runId) {
        return java.util.stream.Stream.of("token-", "claim-seen-", "claim-", "job-")
                .map(prefix -> Path.of(slurm.jobDir(), prefix + runId))
                .toList();
    }

    private int claimToken(String secret, String sweepId, int trial, String job) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(portal() + "/api/sweeps/" + sweepId + "/trials/" + trial
                                            + "/token?job=" + job))
                                    .header("Authorization", "Bearer " + secret)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    @Test
    void a_crafted_sweep_from_someone_who_may_not_submit_for_the_team_gets_403_without_being_parsed() {
        // a line the notation refuses (400 with "problems") if it is ever parsed
        String crafted = "x=" + ".".repeat(SweepSpace.MAX_LINE - 3) + "x\nlr 0.1";
        Page bobPage = browser.newPage();
        Browser.logIn(bobPage, portal(), "bob");

        APIResponse forOtherTeam = postSweep(bobPage, "team-a", crafted);
        assertThat(forOtherTeam.status()).isEqualTo(403);
        assertThat(forOtherTeam.text())
                .contains("not a member of team team-a")
                .doesNotContain("problems")
                .doesNotContain("Line 1");
        // for his own team the same text is parsed, and refused with what to fix
        APIResponse forOwnTeam = postSweep(bobPage, "team-b", crafted);
        assertThat(forOwnTeam.status()).isEqualTo(400);
        assertThat(forOwnTeam.text()).contains("problems").contains("Line 1").contains("Line 2");
        bobPage.context().close();

        // an approver (no data-scientist role, no team) is refused on the role, unparsed too
        Page davePage = browser.newPage();
        Browser.logIn(davePage, portal(), "dave");
        APIResponse fromApprover = postSweep(davePage, "team-a", crafted);
        assertThat(fromApprover.status()).isEqualTo(403);
        assertThat(fromApprover.text()).contains("Only data scientists").doesNotContain("problems");
        davePage.context().close();
    }

    private APIResponse postSweep(Page page, String team, String parameters) {
        String csrf = page.request().get(portal() + "/api/csrf").text();
        String body = "{\"team\":\"" + team + "\",\"cluster\":\"c1\",\"script\":\"#!/bin/bash\\ntrue\\n\","
                + "\"parameters\":\"" + parameters.replace("\n", "\\n") + "\",\"objective\":\"loss\"}";
        return page.request()
                .post(
                        portal() + "/api/sweeps",
                        RequestOptions.create()
                                .setHeader("Content-Type", "application/json")
                                .setHeader(field(csrf, "headerName"), field(csrf, "token"))
                                .setData(body));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
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

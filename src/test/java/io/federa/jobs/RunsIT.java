package io.federa.jobs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterSettings;
import io.federa.identity.CurrentUser;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.AnswerDroppingProxy;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalPeople;
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
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs on the real c1: submission, reporting back from the job, scoping, bad input, a lost submit answer. */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.runs.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.token-grace=3s",
            "federa.runs.lost-after=4s",
            "federa.runs.reconcile-interval=1s",
            "federa.artifacts.dir=target/federa-test/artifacts"
        })
class RunsIT extends PortalWithClusters {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Autowired
    Runs runs;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    Quotas quotas;

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
    void alices_run_reports_metrics_logs_and_an_artifact_through_the_helper_and_completes() throws Exception {
        // run B only exists so that run A can try (and fail) to write to it with its own token
        Run other = runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -J other\ntrue\n"));
        String script = """
                #!/bin/bash
                #SBATCH -J metrics-demo
                #SBATCH -c 1
                #SBATCH --time=0:05:00
                #SBATCH --account=somebody-else
                set -e
                echo "$FEDERA_TOKEN" > "token-$FEDERA_RUN_ID"
                work=$(mktemp -d)
                cd "$work"
                curl -fsS "$FEDERA_URL/api/runs/helper/federa.py" -o federa.py
                python3 - <<'PY'
                import federa
                run = federa.Run(batch_size=2000)
                run.log_params({"lr": 0.01, "optimizer": "adam"})
                for step in range(1500):
                    run.log_metric("loss", 1.0 / (step + 1), step)
                run.flush()
                run.log("epoch 1 done", "epoch 2 done")
                run.set_tags({"stage": "it"})
                with open("model.txt", "w") as f:
                    f.write("weights")
                run.upload("model.txt")
                run.close()
                PY
                # the curl example of the README
                curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H 'Content-Type: application/json' \\
                  --data '[{"key":"accuracy","step":1,"value":0.9}]' "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/metrics"
                cross=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $FEDERA_TOKEN" \\
                  -H 'Content-Type: text/plain' --data 'not mine' "$FEDERA_URL/api/runs/$FEDERA_PARAM_OTHER/logs")
                python3 federa.py log "cross-write=$cross" "param=$FEDERA_PARAM_OTHER"
                rm -rf "$work"
                """;
        var request = new RunRequest(
                "team-a", "c1", script, null, null, null, null, null, null, "0123abcd", Map.of("other", other.id()));
        Run run = runs.submit(alice(), request);
        assertThat(run.id()).matches("r-[a-z2-7]{12}");
        assertThat(run.state()).isEqualTo(RunState.SUBMITTED);
        assertThat(run.slurmJobId()).isNotNull();
        assertThat(run.account()).isEqualTo("team-a");
        assertThat(run.resources().timeLimitMinutes()).isEqualTo(5);
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).contains("--account=somebody-else is replaced"));

        Run done = awaitFinal(run.id());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        assertThat(runs.history(alice(), run.id()))
                .extracting(RunStateChange::state)
                .startsWith(RunState.QUEUED, RunState.SUBMITTED)
                .endsWith(RunState.COMPLETED);
        assertThat(runs.metrics(alice(), run.id(), "loss", 10_000)).hasSize(1500);
        assertThat(runs.metrics(alice(), run.id(), "accuracy", 10))
                .extracting(MetricPoint::value)
                .containsExactly(0.9);
        assertThat(runs.logs(alice(), run.id(), 0, 100))
                .extracting(RunLogLine::line)
                .containsExactly("epoch 1 done", "epoch 2 done", "cross-write=403", "param=" + other.id());
        assertThat(runs.logs(alice(), other.id(), 0, 100)).isEmpty();
        assertThat(done.params()).containsEntry("lr", "0.01").containsEntry("other", other.id());
        assertThat(done.tags()).containsEntry("stage", "it");
        assertThat(done.gitCommit()).isEqualTo("0123abcd");
        assertThat(runs.artifacts(alice(), run.id())).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("model.txt");
            assertThat(a.sizeBytes()).isEqualTo(7);
        });
        assertThat(Files.readString(
                        runs.artifactFile(alice(), run.id(), "model.txt").orElseThrow()))
                .isEqualTo("weights");
        assertThat(runs.artifactFile(alice(), run.id(), "model.txt")
                        .orElseThrow()
                        .toString())
                .contains("/team-a/" + run.id() + "/");
        // the reservation ended with the run
        assertThat(jdbc.queryForObject(
                        "select count(*) from quota_reservations where run_ref = ? and released_at is null",
                        Integer.class,
                        run.id()))
                .isZero();

        // the ended run's token stops working after the grace period
        Path tokenFile = Path.of(slurm.jobDir(), "token-" + run.id());
        String token = Files.readString(tokenFile).trim();
        Files.delete(tokenFile);
        assertThat(jdbc.queryForObject(
                        "select count(*) from runs where token_hash like ?",
                        Integer.class,
                        "%" + token.substring(4, 20) + "%"))
                .as("only a hash is stored")
                .isZero();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(post(token, run.id(), "[{\"key\":\"late\",\"step\":1,\"value\":1}]"))
                        .isEqualTo(401));
        assertThat(post("frt_" + "x".repeat(43), run.id(), "[]")).isEqualTo(401);

        // people read through the API with a real login: alice sees it, bob neither sees nor lists it
        Page alicePage = logIn("alice");
        var details = alicePage.request().get(portal() + "/api/runs/" + run.id());
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.text()).contains("\"state\":\"COMPLETED\"").contains("model.txt");
        assertThat(alicePage
                        .request()
                        .get(portal() + "/api/runs/" + run.id() + "/metrics?key=loss")
                        .text())
                .contains("\"key\":\"loss\"");
        assertThat(alicePage.request().get(portal() + "/api/runs").text()).contains(run.id());
        assertThat(alicePage
                        .request()
                        .get(portal() + "/api/runs/" + run.id() + "/logs")
                        .text())
                .contains("epoch 1 done");
        alicePage.context().close();
        Page bobPage = logIn("bob");
        assertThat(bobPage.request().get(portal() + "/api/runs/" + run.id()).status())
                .isEqualTo(404);
        assertThat(bobPage.request()
                        .get(portal() + "/api/runs/" + run.id() + "/metrics")
                        .status())
                .isEqualTo(404);
        assertThat(bobPage.request().get(portal() + "/api/runs").text()).doesNotContain(run.id());
        assertThat(bobPage.request().get(portal() + "/api/runs?team=team-a").text())
                .isEqualTo("[]");
        bobPage.context().close();
        assertThat(runs.find(bob(), run.id())).isEmpty();
        assertThat(runs.metrics(bob(), run.id(), null, 10)).isEmpty();
    }

    @Test
    void bad_input_is_refused_with_what_to_fix_and_nothing_reaches_slurm() {
        double submitsBefore = submitCalls();
        int runsBefore = count("runs");
        assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", "c1", "echo no shebang\n")))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("must start with an interpreter line such as #!/bin/bash");
        assertThatThrownBy(() ->
                        runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n" + "x".repeat(70 * 1024))))
                .hasMessageContaining("the portal accepts scripts of at most 64 KiB");
        assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n\0ELF")))
                .hasMessageContaining("looks like a binary file");
        assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -p gpu\n")))
                .hasMessageContaining("The cluster has no partition \"gpu\"; it has: debug.");
        assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -t soon\n")))
                .hasMessageContaining("\"soon\" is not a Slurm time limit");
        assertThatThrownBy(() -> runs.submit(bob(), RunRequest.of("team-b", "c1", "#!/bin/bash\ntrue\n")))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("You (bob) have no Slurm user on cluster c1, so you cannot submit there");
        assertThatThrownBy(() -> runs.submit(bob(), RunRequest.of("team-a", "c1", "#!/bin/bash\ntrue\n")))
                .hasMessageContaining("You are not a member of team team-a");
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(TeamQuota.concurrent("team-a", "c1", 1, null, null));
            return null;
        });
        try {
            assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -c 2\n")))
                    .isInstanceOf(QuotaExceededException.class)
                    .hasMessageContaining("Team team-a may use 1 CPUs on c1");
        } finally {
            SystemTasks.runAsSystem(() -> {
                quotas.setQuota(TeamQuota.concurrent("team-a", "c1", null, null, null));
                return null;
            });
        }
        assertThat(count("runs")).isEqualTo(runsBefore);
        assertThat(submitCalls()).isEqualTo(submitsBefore);
        // check() shows the same without submitting
        RunPlan plan = runs.check(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -c 2 --mem=1G\n"));
        assertThat(plan.ok()).isTrue();
        assertThat(plan.resources().cpus()).isEqualTo(2);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("--mem=1G is not passed to Slurm"));
    }

    @Test
    void a_lost_submit_answer_is_reconciled_to_exactly_one_slurm_job() throws Exception {
        try (var proxy = new AnswerDroppingProxy(slurm.url("c1"))) {
            String cluster = proxiedCluster(proxy);
            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_ANSWER);
            Run run = runs.submit(alice(), RunRequest.of("team-a", cluster, "#!/bin/bash\n#SBATCH -J lost\nsleep 2\n"));
            assertThat(run.state()).isEqualTo(RunState.QUEUED);
            assertThat(run.slurmJobId()).isNull();
            assertThat(run.stateReason()).contains("answer of cluster " + cluster + " to the submission was lost");

            Run done = awaitFinal(run.id());
            assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
            assertThat(done.slurmJobId()).isNotNull();
            assertThat(proxy.submitsForwarded()).isEqualTo(1);
            List<String> carrying = jobsCarrying(run.id());
            assertThat(carrying).containsExactly(String.valueOf(done.slurmJobId()));
            assertThat(runs.history(alice(), run.id()))
                    .extracting(RunStateChange::state)
                    .startsWith(RunState.QUEUED, RunState.SUBMITTED)
                    .endsWith(RunState.COMPLETED);

            // a request that never reached the cluster: the run is LOST after the grace period, never re-sent
            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_REQUEST);
            Run never = runs.submit(alice(), RunRequest.of("team-a", cluster, "#!/bin/bash\nsleep 1\n"));
            assertThat(never.state()).isEqualTo(RunState.QUEUED);
            Run lost = awaitFinal(never.id());
            assertThat(lost.state()).isEqualTo(RunState.LOST);
            assertThat(lost.stateReason()).contains("has no job for this run").contains("nothing was sent again");
            assertThat(proxy.submitsForwarded()).isEqualTo(1);
            assertThat(jobsCarrying(never.id())).isEmpty();
            assertThat(jdbc.queryForObject(
                            "select count(*) from quota_reservations where run_ref = ? and released_at is null",
                            Integer.class,
                            never.id()))
                    .isZero();
        } finally {
            disableProxiedClusters();
        }
    }

    @Test
    void only_the_owner_or_a_portal_admin_cancels_a_run_and_refused_cancels_leave_the_job_running() {
        // alice's team mate: a member of team-a with a Slurm user of their own on c1 (bob's, for the test)
        PortalPeople.loggedIn(events, tx, "alice-mate", Set.of("team-a"));
        SystemTasks.runAsSystem(() -> {
            slurmUsers.map("c1", "alice-mate", "bob");
            return null;
        });
        var mate = CurrentUser.of(
                "sub-alice-mate",
                "alice-mate",
                "Alice's team mate",
                "",
                Set.of(Roles.DATA_SCIENTIST),
                Set.of("team-a"));
        String script = "#!/bin/bash\n#SBATCH -J cancel-me\nsleep 300\n";
        Run run = runs.submit(alice(), RunRequest.of("team-a", "c1", script));
        Run other = runs.submit(alice(), RunRequest.of("team-a", "c1", script));
        try {
            assertThatThrownBy(() -> runs.cancel(bob(), run.id()))
                    .isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("There is no run " + run.id());
            assertThatThrownBy(() -> runs.cancel(mate, run.id()))
                    .isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("Only alice, who submitted run " + run.id() + ", or a portal admin");
            assertThat(slurmState(run.slurmJobId())).isIn("PENDING", "RUNNING");
            assertThat(runs.mayCancel(mate, run)).isFalse();
            assertThat(runs.mayCancel(bob(), run)).isFalse();
            assertThat(runs.mayCancel(alice(), run)).isTrue();

            runs.cancel(alice(), run.id());
            await().atMost(SOON).until(() -> slurmState(run.slurmJobId()).equals("CANCELLED"));
            assertThat(awaitFinal(run.id()).state()).isEqualTo(RunState.CANCELLED);

            // a portal admin cancels as the cluster's admin Slurm user (carol has no Slurm user)
            assertThat(runs.mayCancel(Federation.carol(), other)).isTrue();
            runs.cancel(Federation.carol(), other.id());
            await().atMost(SOON).until(() -> slurmState(other.slurmJobId()).equals("CANCELLED"));
        } finally {
            slurm.run("c1", List.of("scancel", String.valueOf(run.slurmJobId()), String.valueOf(other.slurmJobId())));
        }
    }

    @Test
    void a_job_of_another_slurm_user_and_account_carrying_the_run_id_is_never_adopted() throws Exception {
        try (var proxy = new AnswerDroppingProxy(slurm.url("c1"))) {
            String cluster = proxiedCluster(proxy);
            proxy.failNextSubmit(AnswerDroppingProxy.Fault.LOSE_REQUEST);
            Run run = runs.submit(alice(), RunRequest.of("team-a", cluster, "#!/bin/bash\nsleep 1\n"));
            assertThat(run.slurmJobId()).isNull();
            // bob copies the comment of alice's run onto a job of his own (his Slurm user, team-b's account)
            long bobs = slurm.sbatch(
                    "c1", "bob", "team-b", "--hold", "--comment=federa-run=" + run.id(), "--wrap", "sleep 30");
            try {
                assertThat(jobsCarrying(run.id())).containsExactly(String.valueOf(bobs));
                Run settled = await().atMost(SOON)
                        .pollInterval(Duration.ofMillis(250))
                        .until(
                                () -> runs.find(alice(), run.id()).orElseThrow(),
                                r -> r.state().isFinal() || r.slurmJobId() != null);
                assertThat(settled.slurmJobId())
                        .as("bob's job adopted by alice's run")
                        .isNull();
                assertThat(settled.state()).isEqualTo(RunState.LOST);
                // a LOST run still adopts a job that turns up late: it must not be bob's, however long it waits
                await().during(Duration.ofSeconds(4))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> runs.find(alice(), run.id()).orElseThrow().slurmJobId() == null);
                assertThat(runs.find(alice(), run.id()).orElseThrow().state()).isEqualTo(RunState.LOST);
            } finally {
                slurm.run("c1", List.of("scancel", String.valueOf(bobs)));
            }
        } finally {
            disableProxiedClusters();
        }
    }

    /**
     * A real Keycloak login in Chromium, for the session cookie only: API calls do not need the Vaadin
     * page to come up (on a loaded machine it can take longer than Browser.logIn waits).
     */
    private Page logIn(String user) {
        Page page = browser.newPage();
        page.navigate(portal() + "/oauth2/authorization/keycloak");
        page.waitForURL(Browser.KEYCLOAK_LOGIN);
        page.locator("#username").fill(user);
        page.locator("#password").fill(user);
        page.locator("#kc-login").click();
        page.waitForURL(
                java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(portal()) + "/.*"),
                new Page.WaitForURLOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.COMMIT));
        return page;
    }

    private void disableProxiedClusters() {
        SystemTasks.runAsSystem(() -> {
            registry.overview().stream()
                    .filter(c -> c.name().startsWith("c1-proxy"))
                    .forEach(c -> registry.setEnabled(c.name(), false));
            return null;
        });
    }

    /** c1 registered a second time, through the proxy. */
    private String proxiedCluster(AnswerDroppingProxy proxy) {
        String name = "c1-proxy" + System.nanoTime() % 100_000;
        SystemTasks.runAsSystem(() -> {
            registry.register(
                    new ClusterSettings(name, proxy.url(), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null));
            accounts.map(new TeamAccount(name, "team-a", "team-a"));
            slurmUsers.map(name, "alice", "alice");
            return null;
        });
        Federation.awaitPartitions(registry, name);
        return name;
    }

    /** The job's state as c1's controller reports it (squeue), e.g. RUNNING or CANCELLED. */
    private String slurmState(Long jobId) {
        return slurm.run("c1", List.of("squeue", "-h", "-t", "all", "-j", String.valueOf(jobId), "-o", "%T"))
                .trim();
    }

    /** Slurm job ids on c1 whose comment carries the run id, as the controller lists them. */
    private List<String> jobsCarrying(String runId) {
        String out = slurm.run("c1", List.of("squeue", "-h", "-t", "all", "-o", "%i|%k"));
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.endsWith("|federa-run=" + runId))
                .map(l -> l.substring(0, l.indexOf('|')))
                .toList();
    }

    private Run awaitFinal(String runId) {
        return await().atMost(SOON)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> runs.find(alice(), runId).orElseThrow(),
                        r -> r.state().isFinal());
    }

    private int post(String token, String runId, String json) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(portal() + "/api/runs/" + runId + "/metrics"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(json))
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

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }
}

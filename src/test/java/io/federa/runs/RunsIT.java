package io.federa.runs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.sun.management.ThreadMXBean;
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
import io.federa.submission.RunPlan;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.support.AnswerDroppingProxy;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.token-grace=3s",
            "federa.submission.lost-after=4s",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts",
            "federa.runs.run-quota.metric-points=5000"
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
    void a_job_cannot_change_the_params_and_tags_the_portal_recorded_at_submit() {
        String script = """
                #!/bin/bash
                #SBATCH -J reserved-keys
                #SBATCH --time=0:05:00
                report() {
                  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $FEDERA_TOKEN" \\
                    -H 'Content-Type: application/json' --data "$2" "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/$1"
                }
                codes="$(report params '{"lr":"9"}') $(report tags '{"template":"forged"}')"
                codes="$codes $(report tags '{"routing":"any"}') $(report params '{"epoch":"1","lr":"9"}')"
                codes="$codes $(report params '{"epoch":"3"}') $(report tags '{"stage":"ok"}')"
                codes="$codes $(report params '{"epoch":"4"}') $(report params '{"lr":0.10,"epoch":"5"}')"
                curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H 'Content-Type: text/plain' \\
                  --data "codes=$codes" "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/logs"
                """;
        var request =
                new RunRequest("team-a", "c1", script, null, null, null, null, null, null, null, Map.of("lr", "0.1"));

        Run done = awaitFinal(runs.submit(alice(), request).id());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        assertThat(runs.logs(alice(), done.id(), 0, 10))
                .extracting(RunLogLine::line)
                .containsExactly("codes=409 409 409 409 200 200 200 200");
        // the same value again (as a number) is no change: accepted, the portal's record kept
        assertThat(done.params()).containsEntry("lr", "0.1").containsEntry("epoch", "5");
        assertThat(done.tags()).containsEntry("stage", "ok").doesNotContainKeys("template", "routing");
    }

    @Test
    void oversized_reports_get_413_without_the_portal_holding_them_and_a_run_past_its_quota_gets_429()
            throws Exception {
        String script = """
                #!/bin/bash
                #SBATCH -J limits
                #SBATCH --time=0:05:00
                echo "$FEDERA_TOKEN" > "token-$FEDERA_RUN_ID"
                for i in $(seq 1 1000); do [ -f "stop-$FEDERA_RUN_ID" ] && break; sleep 0.25; done
                """;
        Run run = runs.submit(alice(), RunRequest.of("team-a", "c1", script));
        Path tokenFile = Path.of(slurm.jobDir(), "token-" + run.id());
        Path stop = Path.of(slurm.jobDir(), "stop-" + run.id());
        await().atMost(SOON).until(() -> Files.exists(tokenFile) && Files.size(tokenFile) > 0);
        String token = Files.readString(tokenFile).trim();
        Files.delete(tokenFile);
        long body = 200L * 1024 * 1024;
        long held = 32L * 1024 * 1024;
        try {
            // a declared length over the limit: refused before a byte of the body is read
            RawAnswer declared = rawPost(token, run.id(), "logs", "text/plain", body, false);
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.sent()).isLessThan(body);
            assertThat(declared.allocatedByServer()).isLessThan(held);
            // no length (chunked): refused once more than the limit has arrived
            RawAnswer streamed = rawPost(token, run.id(), "logs", "text/plain", body, true);
            assertThat(streamed.status()).isEqualTo(413);
            assertThat(streamed.sent()).isLessThan(body);
            assertThat(streamed.allocatedByServer()).isLessThan(held);
            assertThat(rawPost(token, run.id(), "metrics", "application/json", body, false)
                            .status())
                    .isEqualTo(413);
            assertThat(rawPost(token, run.id(), "params", "application/json", 2 * 1024 * 1024, false)
                            .status())
                    .isEqualTo(413);
            // within the byte limit, but more points than one request may carry
            assertThat(postMetrics(token, run.id(), 10_001, 0)).isEqualTo(413);

            // the run's quota (5,000 points here): three batches of 1,500 fit, the fourth does not
            assertThat(postMetrics(token, run.id(), 1_500, 0)).isEqualTo(200);
            assertThat(postMetrics(token, run.id(), 1_500, 1_500)).isEqualTo(200);
            assertThat(postMetrics(token, run.id(), 1_500, 3_000)).isEqualTo(200);
            assertThat(postMetrics(token, run.id(), 1_500, 4_500)).isEqualTo(429);
            assertThat(runs.metrics(alice(), run.id(), null, 10_000)).hasSize(4_500);
            assertThat(runs.logs(alice(), run.id(), 0, 10)).isEmpty();
        } finally {
            Files.writeString(stop, "");
        }
        assertThat(awaitFinal(run.id()).state()).isEqualTo(RunState.COMPLETED);
        Files.deleteIfExists(stop);
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
        assertThatThrownBy(
                        () -> runs.submit(alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH -p bigmem\n")))
                .hasMessageContaining("The cluster has no partition \"bigmem\"; it has: debug, gpu.");
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

    /** What a raw request got: the status, the body bytes sent before it, and what Tomcat's threads allocated. */
    private record RawAnswer(int status, long sent, long allocatedByServer) {}

    /**
     * POSTs a body of {@code size} bytes (lines of 1 KB) over a plain socket, with its length declared
     * or chunked, and stops sending as soon as the answer arrives or the server closes: what a job
     * gets that sends more than the portal takes. Meanwhile it sums what the portal's request threads
     * allocated (the request runs in this JVM).
     */
    private RawAnswer rawPost(String token, String runId, String what, String type, long size, boolean chunked)
            throws Exception {
        Map<Long, Long> before = requestThreadAllocations();
        byte[] chunk = ("x".repeat(1023) + "\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/runs/" + runId + "/" + what + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                            + "Authorization: Bearer " + token + "\r\nContent-Type: " + type + "\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n")
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            var answer = CompletableFuture.supplyAsync(() -> statusOf(in));
            try {
                while (sent < size && !answer.isDone()) {
                    int n = (int) Math.min(chunk.length, size - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk, 0, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    sent += n;
                }
                if (chunked && !answer.isDone()) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByTheServer) {
                // the portal answered and closed the connection instead of reading the rest
            }
            int status = answer.get(60, TimeUnit.SECONDS);
            return new RawAnswer(status, sent, allocatedSince(before));
        }
    }

    private static int statusOf(InputStream in) {
        try {
            var line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes allocated so far by each of Tomcat's request threads ({@code http-nio-<port>-exec-*}). */
    private Map<Long, Long> requestThreadAllocations() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new HashMap<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("http-nio-") && t.getName().contains("-exec-"))
                .forEach(t -> out.put(t.threadId(), threads.getThreadAllocatedBytes(t.threadId())));
        return out;
    }

    private long allocatedSince(Map<Long, Long> before) {
        Map<Long, Long> after = requestThreadAllocations();
        assertThat(after).as("Tomcat's request threads").isNotEmpty();
        long total = 0;
        for (var e : after.entrySet()) {
            total += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return total;
    }

    private int postMetrics(String token, String runId, int points, int firstStep) throws Exception {
        var json = new StringBuilder("[");
        for (int i = 0; i < points; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"loss\",\"step\":")
                    .append(firstStep + i)
                    .append(",\"value\":0.5}");
        }
        return post(token, runId, json.append(']').toString());
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

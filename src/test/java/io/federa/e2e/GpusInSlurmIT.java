package io.federa.e2e;

import static io.federa.support.Federation.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.federa.access.ApplyRecord;
import io.federa.access.ClusterPermissions;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.Plan;
import io.federa.access.TeamAccount;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.JobState;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.identity.CurrentUser;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.mirror.QueuePosition;
import io.federa.mirror.WhyItWaits;
import io.federa.quota.JobUsage;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import io.federa.support.SlurmCleanup;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GPUs through the real clusters (issue 18): c1 (Slurm 22.05) has a node with 2 a100 GPUs in
 * partitions debug and gpu, c3 (24.11) and c4 (26.05) a node with 2 l40s GPUs, c2 none (see
 * scripts/slurm-up.sh, scripts/slurm-newer-up.sh). Runs and jobs really ask Slurm for GPUs, Slurm
 * really holds them back, and the portal reads what Slurm says.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts"
        })
class GpusInSlurmIT extends PortalWithClusters {

    private static final Duration SOON = Duration.ofSeconds(90);
    private static final LocatorAssertions.ContainsTextOptions PAGE_SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @Autowired
    Runs runs;

    @Autowired
    JobMirror mirror;

    @Autowired
    WhyItWaits whyItWaits;

    @Autowired
    Usage usage;

    @Autowired
    Quotas quotas;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ClusterPermissions permissions;

    @Autowired
    SlurmClients clients;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    /** Per test: Slurm jobs to cancel, runs to cancel, and a fresh team (with account and QOS) to delete. */
    final List<String[]> jobsToCancel = new ArrayList<>();

    final List<Run> runsToCancel = new ArrayList<>();
    final List<String[]> teamsToDelete = new ArrayList<>();

    @BeforeAll
    static void everyGeneration() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    @BeforeEach
    void federate() {
        SystemTasks.runAsSystem(() -> {
            var known = registry.overview().stream().map(ClusterOverview::name).toList();
            for (String c : List.of("c3", "c4")) {
                if (!known.contains(c)) {
                    registry.register(slurm.settings(c));
                    accounts.map(new TeamAccount(c, "team-a", "team-a"));
                }
            }
            for (String c : List.of("c1", "c2", "c3", "c4")) {
                slurmUsers.map(c, "alice", "alice");
            }
            return null;
        });
        Federation.demoPeopleLoggedIn(events, tx);
        for (String c : List.of("c1", "c2", "c3", "c4")) {
            Federation.awaitPartitions(registry, c);
        }
    }

    @AfterEach
    void cleanUp() {
        for (Run r : runsToCancel) {
            try {
                runs.cancel(alice(), r.id());
            } catch (RuntimeException e) {
                // already ended
            }
        }
        for (String[] job : jobsToCancel) {
            slurm.run(job[0], List.of("scancel", job[1]));
        }
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a"));
        for (String[] t : teamsToDelete) {
            String cluster = t[0], team = t[1], account = t[2];
            // the quota first: else the QOS sync would push the QOS again
            jdbc.update("delete from quota_qos_pushes where team = ?", team);
            jdbc.update("delete from team_quotas where team = ?", team);
            SystemTasks.runAsSystem(() -> {
                accounts.unmap(cluster, team);
                return null;
            });
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() ->
                            SlurmCleanup.deleteAccountAndQos(slurm, cluster, account, TeamQos.nameFor(team, cluster)));
        }
    }

    @Test
    void the_nodes_gpus_are_read_from_every_generation_with_their_model_and_what_jobs_hold() {
        assertThat(nodeOf("c1")).satisfies(n -> {
            assertThat(n.gpusTotal()).isEqualTo(2);
            assertThat(n.gpuModel()).isEqualTo("a100");
            assertThat(n.partitions()).contains("debug", "gpu");
        });
        for (String c : List.of("c3", "c4")) {
            assertThat(nodeOf(c)).satisfies(n -> {
                assertThat(n.gpusTotal()).isEqualTo(2);
                assertThat(n.gpuModel()).isEqualTo("l40s");
            });
        }
        assertThat(nodeOf("c2").gpusTotal()).isZero();

        // a job holding one GPU shows as allocated on the node: read from slurmrestd, and on the Clusters page
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        for (String c : List.of("c1", "c3", "c4")) {
            long job = sbatch(c, "alice", "team-a", "-J", "gpu-held", "--gres=gpu:1", "--wrap", "sleep 120");
            await().atMost(SOON)
                    .untilAsserted(() -> assertThat(clients.forCluster(c).nodes())
                            .singleElement()
                            .satisfies(n -> assertThat(n.gpusAllocated()).isEqualTo(1)));
            page.navigate(portal() + "/clusters");
            PlaywrightAssertions.assertThat(page.locator(".cluster[data-cluster='" + c + "'] .nodes"))
                    .containsText("1 / 2 " + (c.equals("c1") ? "a100" : "l40s"), PAGE_SOON);
            slurm.run(c, List.of("scancel", String.valueOf(job)));
        }
        // c2's node has none: "–", no model
        PlaywrightAssertions.assertThat(page.locator(".cluster[data-cluster='c2'] .nodes"))
                .containsText("GPUs alloc/total");
        PlaywrightAssertions.assertThat(page.locator(".cluster[data-cluster='c2'] .nodes"))
                .not()
                .containsText(java.util.regex.Pattern.compile("a100|l40s"));
        Browser.screenshot(page, "clusters-gpus");
        page.context().close();
    }

    @Test
    void a_one_gpu_run_on_c1_completes_and_counts_exactly_one_gpu_second_per_second_for_its_team() {
        Run run = runs.submit(
                alice(),
                new RunRequest(
                        "team-a",
                        "c1",
                        "#!/bin/bash\n#SBATCH -J gpu-usage\nsleep 3\n",
                        null,
                        null,
                        1,
                        null,
                        "0:05:00",
                        null,
                        null,
                        Map.of()));
        assertThat(run.resources().gpus()).isEqualTo(1);
        Run done = await().atMost(SOON)
                .until(
                        () -> runs.find(alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);

        long jobId = run.slurmJobId();
        MirroredJob job = await().atMost(SOON)
                .until(
                        () -> mirror.find(alice(), "c1", jobId).orElse(null),
                        j -> j != null && j.state() == JobState.COMPLETED && j.endTime() != null);
        assertThat(job.gpus()).isEqualTo(1);
        long elapsed = Duration.between(job.startTime(), job.endTime()).toSeconds();
        assertThat(elapsed).isGreaterThanOrEqualTo(3);

        // Slurm's own accounting: the same run time, one GPU allocated
        String[] sacct = slurm.run(
                        "c1",
                        List.of("sacct", "-j", String.valueOf(jobId), "-X", "-n", "-P", "-o", "ElapsedRaw,AllocTRES"))
                .trim()
                .split("\\|");
        assertThat(Long.parseLong(sacct[0])).isEqualTo(elapsed);
        assertThat(sacct[1]).contains("gres/gpu=1");

        // the ledger: exactly 1 × its run time in GPU-seconds, for team-a
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "select coalesce(sum(gpu_seconds), 0) from usage_days"
                                        + " where cluster_name = 'c1' and job_id = ? and team = 'team-a'",
                                Long.class,
                                jobId))
                        .isEqualTo(elapsed));
        LocalDate day = LocalDate.ofInstant(job.startTime(), ZoneOffset.UTC);
        assertThat(usage.daily(alice(), "team-a", "c1", day, day))
                .singleElement()
                .extracting(UsageTotal::gpuSeconds)
                .satisfies(s -> assertThat(s).isGreaterThanOrEqualTo(elapsed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4"})
    void with_a_team_gpu_quota_of_one_a_two_gpu_job_pends_in_plain_words_and_a_one_gpu_job_runs(String cluster) {
        String[] t = teamWithQuota(cluster, TeamQuota.concurrent("gq", cluster, null, 1, null));
        String team = t[0], account = t[1];

        long two = sbatch(cluster, "alice", account, "-J", "gpu-two", "--gres=gpu:2", "--wrap", "sleep 1");
        MirroredJob pending = await().atMost(SOON)
                .until(
                        () -> mirror.find(Federation.carol(), cluster, two).orElse(null),
                        j -> j != null
                                && j.state() == JobState.PENDING
                                && j.stateReason().equals("QOSGrpGRES"));
        assertThat(pending.gpus()).isEqualTo(2);
        assertThat(whyItWaits.explain(pending))
                .isEqualTo("It asks for 2 GPUs, but team " + team + " may use at most 1 GPUs at once on " + cluster
                        + " (its quota), so it will never start as it is: cancel it and ask for 1 or fewer, or ask"
                        + " a portal admin to raise the quota.");

        long one = sbatch(cluster, "alice", account, "-J", "gpu-one", "--gres=gpu:1", "--wrap", "sleep 1");
        MirroredJob ran = await().atMost(SOON)
                .until(
                        () -> mirror.find(Federation.carol(), cluster, one).orElse(null),
                        j -> j != null && j.startTime() != null && j.state() != JobState.PENDING);
        assertThat(ran.gpus()).isEqualTo(1);
        assertThat(ran.state()).isIn(JobState.RUNNING, JobState.COMPLETED);
        // the 2-GPU job still waits for the quota
        assertThat(mirror.find(Federation.carol(), cluster, two).orElseThrow().state())
                .isEqualTo(JobState.PENDING);
    }

    @Test
    void any_eligible_for_a_gpu_run_never_picks_c2_and_names_why() {
        String noGpus = "The run asks for 1 GPU(s) per node, but no node of partition debug has GPUs.";
        RunRequest gpuRun = new RunRequest(
                "team-a",
                RunRouting.ANY,
                "#!/bin/bash\n#SBATCH -J gpu-any\n#SBATCH --chdir=/var/tmp/federa-slurm/jobs\ntrue\n",
                null,
                null,
                1,
                null,
                "0:05:00",
                null,
                null,
                Map.of());
        // a CPU-only run may go to c2: the exclusion is about GPUs
        assertThat(runs.route(alice(), RunRequest.of("team-a", RunRouting.ANY, "#!/bin/bash\ntrue\n"))
                        .verdict("c2")
                        .orElseThrow()
                        .eligible())
                .isTrue();

        RunPlan plan = runs.check(alice(), gpuRun);
        RouteDecision decision = plan.routing();
        assertThat(decision.verdict("c2").orElseThrow().eligible()).isFalse();
        assertThat(decision.verdict("c2").orElseThrow().reasons()).containsExactly(noGpus);
        assertThat(plan.cluster()).isNotEqualTo("c2").isEqualTo(decision.chosen());

        // the chosen cluster is one that runs the script (c1 shares the host's job dir): c1 here
        Run run = runs.submit(alice(), gpuRun);
        runsToCancel.add(run);
        assertThat(run.cluster()).isNotEqualTo("c2");
        assertThat(run.resources().gpus()).isEqualTo(1);
        assertThat(run.notes()).contains("Routing: c2 excluded: " + noGpus);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4"})
    void a_one_gpu_run_behind_a_two_gpu_run_on_the_two_gpu_node_waits_with_its_queue_position(String cluster) {
        String partition = cluster.equals("c1") ? "gpu" : "debug";
        Run big = runs.submit(alice(), gpuRun(cluster, partition, 2, "sleep 120"));
        runsToCancel.add(big);
        await().atMost(SOON)
                .until(() -> runs.find(alice(), big.id()).orElseThrow().state(), s -> s == RunState.RUNNING);
        // routing sees the node's GPUs taken (what the health poller read from Slurm's gres_used)
        await().atMost(SOON).until(() -> idleGpus(cluster, partition), free -> free == 0);

        Run small = runs.submit(alice(), gpuRun(cluster, partition, 1, "true"));
        runsToCancel.add(small);
        MirroredJob waiting = await().atMost(SOON)
                .until(
                        () -> mirror.find(alice(), cluster, small.slurmJobId()).orElse(null),
                        j -> j != null
                                && j.state() == JobState.PENDING
                                && j.stateReason().equals("Resources"));
        assertThat(waiting.gpus()).isEqualTo(1);
        assertThat(whyItWaits.explain(waiting)).isEqualTo("Waiting for enough free CPUs, memory or GPUs.");
        Optional<QueuePosition> position = runs.queuePosition(alice(), small.id());
        assertThat(position).hasValueSatisfying(p -> {
            assertThat(p.position()).isPositive();
            assertThat(p.pending()).isGreaterThanOrEqualTo(p.position());
            assertThat(p.cluster()).isEqualTo(cluster);
            assertThat(p.partition()).isEqualTo(partition);
        });

        // the 2-GPU run ends: the waiting one gets its GPU and completes
        runs.cancel(alice(), big.id());
        Run done = await().atMost(SOON)
                .until(
                        () -> runs.find(alice(), small.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
    }

    @Test
    void a_team_whose_monthly_gpu_hours_are_used_up_may_not_start_gpu_work_but_cpu_work_still_runs() {
        String[] t = teamWithQuota("c1", new TeamQuota("gh", "c1", null, null, null, null, 1));
        String team = t[0];
        CurrentUser member =
                CurrentUser.of("sub-alice", "alice", "Alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a", team));
        // 2 GPUs for 30 minutes this month: the team's 1 GPU-hour is used
        Instant end = Instant.now();
        Instant start = end.minusSeconds(1800);
        if (!LocalDate.ofInstant(start, ZoneOffset.UTC)
                .withDayOfMonth(1)
                .equals(LocalDate.ofInstant(end, ZoneOffset.UTC).withDayOfMonth(1))) {
            start = LocalDate.ofInstant(end, ZoneOffset.UTC)
                    .withDayOfMonth(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            end = start.plusSeconds(1800);
        }
        usage.record(new JobUsage("c1", 900_000_000L + (System.nanoTime() % 1_000_000), team, start, end, 1, 2));

        assertThatThrownBy(() -> runs.submit(member, gpuRunOf(team, "c1", "gpu", 1, "true")))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Team " + team + " has used 1.0 of its 1 GPU-hours on c1 this month");
        Run cpu = runs.submit(member, RunRequest.of(team, "c1", "#!/bin/bash\n#SBATCH -J cpu-still\ntrue\n"));
        Run done = await().atMost(SOON)
                .until(
                        () -> runs.find(member, cpu.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
    }

    private RunRequest gpuRun(String cluster, String partition, int gpus, String command) {
        return gpuRunOf("team-a", cluster, partition, gpus, command);
    }

    private RunRequest gpuRunOf(String team, String cluster, String partition, int gpus, String command) {
        return new RunRequest(
                team,
                cluster,
                "#!/bin/bash\n#SBATCH -J gpu-" + gpus + "\n#SBATCH --chdir=" + slurm.jobDir(cluster) + "\n" + command
                        + "\n",
                null,
                null,
                gpus,
                partition,
                "0:05:00",
                null,
                null,
                Map.of());
    }

    private long sbatch(String cluster, String user, String account, String... options) {
        long id = slurm.sbatch(cluster, user, account, options);
        jobsToCancel.add(new String[] {cluster, String.valueOf(id)});
        return id;
    }

    private int idleGpus(String cluster, String partition) {
        ClusterOverview c = registry.overview().stream()
                .filter(o -> o.name().equals(cluster))
                .findFirst()
                .orElseThrow();
        return RunRouting.Hardware.of(partition, c.partitions(), c.nodes()).idleGpus();
    }

    private SlurmNode nodeOf(String cluster) {
        return registry.overview().stream()
                .filter(c -> c.name().equals(cluster))
                .findFirst()
                .orElseThrow()
                .nodes()
                .getFirst();
    }

    /**
     * A fresh team on {@code cluster} with alice as member, its own Slurm account, the given quota
     * (team name replaced) pushed as its QOS, and the permissions applied (account, association,
     * QOS). Returns {team, account}.
     */
    private String[] teamWithQuota(String cluster, TeamQuota template) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = template.team() + "-" + id;
        String account = team;
        String qos = TeamQos.nameFor(team, cluster);
        teamsToDelete.add(new String[] {cluster, team, account});
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a", team));
        TeamQuota quota = new TeamQuota(
                team,
                cluster,
                template.maxCpus(),
                template.maxGpus(),
                template.maxJobs(),
                template.cpuHoursPerMonth(),
                template.gpuHoursPerMonth());
        SystemTasks.runAsSystem(() -> {
            accounts.map(new TeamAccount(cluster, team, account));
            quotas.setQuota(quota);
            return null;
        });
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> clients.forCluster(cluster).accounting().qos().stream()
                                .filter(q -> q.name().equals(qos))
                                .findFirst()
                                .map(SlurmQos::limits),
                        l -> l.isPresent() && java.util.Objects.equals(l.get().grpGpus(), quota.maxGpus()));
        Plan plan = SystemTasks.runAsSystem(() -> permissions.plan(cluster, team));
        ApplyRecord applied =
                SystemTasks.runAsSystem(() -> permissions.apply(cluster, team, plan.fingerprint(), step -> {}));
        assertThat(applied.steps())
                .allSatisfy(s -> assertThat(s.ok()).as(s.error()).isTrue());
        return new String[] {team, account};
    }
}

package io.federa.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RunRoutingTest {

    static final RunResources TWO_CPUS =
            new RunResources(1, 2, null, 0, null, null, 10, "run", "%x.%j.out", "/tmp", false);

    /** An eligible cluster with one partition "debug" of 8 CPUs on two 4-CPU nodes, no GPUs. */
    static RunRouting.Facts cluster(String name, int queued, int idle) {
        return new RunRouting.Facts(
                name,
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                TWO_CPUS,
                "debug",
                8,
                4,
                0,
                null,
                InUse.NOTHING,
                queued,
                idle);
    }

    static RunRouting.Facts with(RunRouting.Facts f, @Nullable String account, List<String> allowed, boolean user) {
        return new RunRouting.Facts(
                f.cluster(),
                f.down(),
                account,
                allowed,
                user,
                f.planProblems(),
                f.resources(),
                f.partition(),
                f.partitionCpus(),
                f.maxNodeCpus(),
                f.maxNodeGpus(),
                f.quota(),
                f.held(),
                f.queuedJobs(),
                f.idleCpus());
    }

    @Test
    void a_cluster_that_can_start_the_run_now_beats_one_with_a_shorter_queue() {
        RouteDecision d = RunRouting.decide("team-a", List.of(cluster("c1", 0, 1), cluster("c2", 5, 2)));
        assertThat(d.chosen()).isEqualTo("c2");
        assertThat(d.explanation())
                .isEqualTo(
                        "Chosen: c2 — it has enough idle CPUs to start the run at once (2 idle, 2 needed; c1 has 1).");
        assertThat(d.clusters()).extracting(ClusterVerdict::cluster).containsExactly("c2", "c1");
        assertThat(d.clusters().get(1).summary())
                .isEqualTo("eligible: 0 job(s) queued, 1 idle CPU(s) in partition debug");
    }

    @Test
    void then_fewer_queued_jobs_then_more_idle_cpus_then_the_name() {
        assertThat(RunRouting.decide("team-a", List.of(cluster("c1", 3, 4), cluster("c2", 1, 2)))
                        .explanation())
                .isEqualTo("Chosen: c2 — the fewest queued jobs (1, against 3 on c1).");
        assertThat(RunRouting.decide("team-a", List.of(cluster("c1", 1, 2), cluster("c2", 1, 4)))
                        .explanation())
                .isEqualTo("Chosen: c2 — as many queued jobs as c1 (1) and more idle CPUs (4 against 2).");
        RouteDecision tie = RunRouting.decide("team-a", List.of(cluster("c2", 0, 4), cluster("c1", 0, 4)));
        assertThat(tie.chosen()).isEqualTo("c1");
        assertThat(tie.explanation()).endsWith("the first by name.");
        // nobody can start it now: the queue decides
        assertThat(RunRouting.decide("team-a", List.of(cluster("c1", 2, 0), cluster("c2", 1, 0)))
                        .chosen())
                .isEqualTo("c2");
    }

    @Test
    void every_exclusion_is_said_in_plain_words_and_the_best_remaining_cluster_wins() {
        var best = cluster("a-best", 9, 0);
        var noAccount = with(cluster("b-no-account", 0, 8), null, List.of(), true);
        var noUser = with(cluster("c-no-user", 0, 8), "team-a", List.of(), false);
        var partitionNotAllowed = with(cluster("d-partition", 0, 8), "team-a", List.of("gpu", "long"), true);
        var down = new RunRouting.Facts(
                "e-down",
                "connection refused",
                "team-a",
                List.of(),
                true,
                List.of(),
                TWO_CPUS,
                "debug",
                8,
                4,
                0,
                null,
                InUse.NOTHING,
                0,
                8);
        var tooBig = new RunRouting.Facts(
                "f-small",
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                TWO_CPUS,
                "debug",
                1,
                1,
                0,
                null,
                InUse.NOTHING,
                0,
                1);
        var overQuota = new RunRouting.Facts(
                "g-quota",
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                TWO_CPUS,
                "debug",
                8,
                4,
                0,
                TeamQuota.concurrent("team-a", "g-quota", 4, null, 3),
                new InUse(3, 0, 3),
                0,
                8);
        var badTime = new RunRouting.Facts(
                "h-time",
                null,
                "team-a",
                List.of(),
                true,
                List.of(
                        "A time limit of 02:00:00 (120 minutes) is more than partition debug allows: at most 01:00:00 (60 minutes)."),
                null,
                null,
                0,
                0,
                -1,
                null,
                InUse.NOTHING,
                0,
                8);
        RouteDecision d = RunRouting.decide(
                "team-a", List.of(overQuota, down, noUser, best, tooBig, badTime, partitionNotAllowed, noAccount));
        assertThat(d.chosen()).isEqualTo("a-best");
        assertThat(d.explanation())
                .isEqualTo(
                        "Chosen: a-best — the only eligible cluster (9 job(s) queued, 0 idle CPU(s) in partition debug).");
        assertThat(d.clusters())
                .extracting(ClusterVerdict::cluster)
                .containsExactly(
                        "a-best", "b-no-account", "c-no-user", "d-partition", "e-down", "f-small", "g-quota", "h-time");
        assertThat(d.verdict("a-best").orElseThrow().chosen()).isTrue();
        assertThat(d.verdict("b-no-account").orElseThrow().reasons())
                .containsExactly("Team team-a has no Slurm account here.");
        assertThat(d.verdict("c-no-user").orElseThrow().reasons()).containsExactly("You have no Slurm user here.");
        assertThat(d.verdict("d-partition").orElseThrow().reasons())
                .containsExactly("Team team-a may not use partition debug on d-partition; it may use gpu, long.");
        assertThat(d.verdict("e-down").orElseThrow().reasons())
                .containsExactly("The cluster is down (connection refused).");
        assertThat(d.verdict("f-small").orElseThrow().reasons())
                .containsExactly("The run asks for 2 CPUs, but partition debug has 1 in all.");
        assertThat(d.verdict("g-quota").orElseThrow().reasons())
                .containsExactly(
                        "Team team-a's quota here would be exceeded: 3 of 4 CPUs in use, the run needs 2.",
                        "Team team-a's quota here would be exceeded: 3 of 3 jobs in use, the run needs 1.");
        assertThat(d.verdict("h-time").orElseThrow().summary()).startsWith("excluded: A time limit of 02:00:00");
        assertThat(d.clusters()).filteredOn(v -> !v.cluster().equals("a-best")).noneMatch(ClusterVerdict::eligible);
    }

    @Test
    void gpus_must_exist_on_the_partitions_nodes() {
        var gpuRun = new RunResources(1, 1, null, 2, "gpu:2", null, 10, "run", "o", "/tmp", false);
        var f = new RunRouting.Facts(
                "c1", null, "team-a", List.of(), true, List.of(), gpuRun, "debug", 8, 4, 0, null, InUse.NOTHING, 0, 8);
        assertThat(RunRouting.exclusions("team-a", f))
                .containsExactly("The run asks for 2 GPU(s) per node, but no node of partition debug has GPUs.");
    }

    @Test
    void a_gpu_run_goes_where_a_node_has_the_gpus_free_now_before_a_shorter_queue() {
        var oneGpu = new RunResources(1, 1, null, 1, "gpu:1", null, 10, "run", "o", "/tmp", false);
        // c1's 2 GPUs are all held (its CPUs are free), c3 has one free GPU but a longer queue
        var busy = new RunRouting.Facts(
                "c1", null, "team-a", List.of(), true, List.of(), oneGpu, "gpu", 2, 2, 2, null, InUse.NOTHING, 0, 1, 0);
        var free = new RunRouting.Facts(
                "c3",
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                oneGpu,
                "debug",
                2,
                2,
                2,
                null,
                InUse.NOTHING,
                3,
                1,
                1);
        RouteDecision d = RunRouting.decide("team-a", List.of(busy, free));
        assertThat(d.chosen()).isEqualTo("c3");
        assertThat(d.explanation())
                .isEqualTo("Chosen: c3 — it has a node with enough free GPUs to start the run at once (1 free, 1"
                        + " needed; c1 has at most 0 free on one node).");
        // both full: the queue decides, as for CPUs
        var fullToo = new RunRouting.Facts(
                "c3",
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                oneGpu,
                "debug",
                2,
                2,
                2,
                null,
                InUse.NOTHING,
                3,
                1,
                0);
        assertThat(RunRouting.decide("team-a", List.of(busy, fullToo)).chosen()).isEqualTo("c1");
        // a run without GPUs does not care about free GPUs
        var cpuOnly = new RunRouting.Facts(
                "c1",
                null,
                "team-a",
                List.of(),
                true,
                List.of(),
                TWO_CPUS,
                "gpu",
                2,
                2,
                2,
                null,
                InUse.NOTHING,
                0,
                2,
                0);
        assertThat(RunRouting.decide("team-a", List.of(cpuOnly))
                        .clusters()
                        .getFirst()
                        .eligible())
                .isTrue();
    }

    @Test
    void no_eligible_cluster_says_so() {
        var f = with(cluster("c1", 0, 2), null, List.of(), false);
        RouteDecision d = RunRouting.decide("team-b", List.of(f));
        assertThat(d.chosen()).isNull();
        assertThat(d.explanation())
                .isEqualTo("No cluster can take this run: each one is excluded below, with the reason.");
        assertThat(d.clusters().getFirst().summary())
                .isEqualTo("excluded: Team team-b has no Slurm account here. You have no Slurm user here.");
    }
}

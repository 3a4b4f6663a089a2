package io.federa.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cluster without a default partition: the planner picks one the team may use and the run fits, and says which. */
class PartitionChoiceTest {

    /** c3 as its REST API (v0.0.42) shows it: nothing says which partition is the default. */
    private static final List<SlurmPartition> NO_DEFAULT = List.of(
            new SlurmPartition("gpu", "UP", false, 1, 8, "g1", null, null, null),
            new SlurmPartition("debug", "UP", false, 1, 2, "n1", 60, null, null),
            new SlurmPartition("long", "UP", false, 1, 4, "n2", null, null, null));

    private static final List<SlurmNode> NODES =
            List.of(node("n1", 2, 0, "debug"), node("n2", 4, 0, "long"), node("g1", 8, 2, "gpu"));

    @Test
    void picks_the_first_partition_by_name_that_the_run_fits_and_says_so() {
        RunPlan plan = plan("#!/bin/bash\n#SBATCH -c 1\n", List.of());
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.resources().partition()).isEqualTo("debug");
        assertThat(plan.notes())
                .contains("The cluster has no default partition: the run goes to partition debug, the first (by name) "
                        + "that team team-a may use and the run fits.");
    }

    @Test
    void passes_over_partitions_the_team_may_not_use_or_the_run_does_not_fit() {
        // 4 CPUs: debug has 2; long fits (gpu too, but a run without GPUs leaves it to those that need them)
        assertThat(plan("#!/bin/bash\n#SBATCH -c 4\n", List.of()).resources().partition())
                .isEqualTo("long");
        // two hours: debug allows one; the team may not use gpu
        assertThat(plan("#!/bin/bash\n#SBATCH -t 2:00:00\n", List.of("debug", "long"))
                        .resources()
                        .partition())
                .isEqualTo("long");
        // one GPU: only gpu has them
        assertThat(plan("#!/bin/bash\n#SBATCH --gres=gpu:1\n", List.of())
                        .resources()
                        .partition())
                .isEqualTo("gpu");
    }

    @Test
    void when_none_fits_it_says_why_for_each_partition_the_team_may_use() {
        RunPlan plan = plan("#!/bin/bash\n#SBATCH -c 6 -t 2:00:00\n", List.of("debug", "long"));
        assertThat(plan.ok()).isFalse();
        assertThat(plan.problems())
                .containsExactly("The cluster has no default partition, and no partition team team-a may use fits the "
                        + "run (debug: it allows at most 01:00:00, the run asks for 6 CPUs, but partition debug has 2 "
                        + "in all; long: the run asks for 6 CPUs, but partition long has 4 in all). Choose a "
                        + "partition, or ask for less.");

        RunPlan none = plan("#!/bin/bash\n", List.of("other"));
        assertThat(none.problems())
                .containsExactly(
                        "The cluster has no default partition, and team team-a may use none of its partitions (debug, "
                                + "gpu, long).");
    }

    @Test
    void a_named_partition_or_a_default_one_is_kept_as_it_is() {
        assertThat(plan("#!/bin/bash\n#SBATCH -p gpu\n", List.of()).resources().partition())
                .isEqualTo("gpu");
        var withDefault = List.of(
                new SlurmPartition("debug", "UP", false, 1, 2, "n1", 60, null, null),
                new SlurmPartition("long", "UP", true, 1, 4, "n2", null, null, null));
        RunPlan plan = RunPlanner.plan(
                RunRequest.of("team-a", "c1", "#!/bin/bash\n"), withDefault, NODES, List.of(), 64 * 1024, "/tmp");
        assertThat(plan.resources().partition()).isNull(); // Slurm's default applies
        assertThat(plan.notes()).noneMatch(n -> n.contains("no default partition"));
    }

    private static RunPlan plan(String script, List<String> allowed) {
        return RunPlanner.plan(
                RunRequest.of("team-a", "c3", script), NO_DEFAULT, NODES, allowed, 64 * 1024, "/srv/federa/jobs");
    }

    private static SlurmNode node(String name, int cpus, int gpus, String partition) {
        return new SlurmNode(
                name,
                "idle",
                Set.of(),
                cpus,
                0,
                2000,
                0,
                gpus > 0 ? "gpu:" + gpus : "",
                gpus,
                0,
                0.0,
                List.of(partition),
                "");
    }
}

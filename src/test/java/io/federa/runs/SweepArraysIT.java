package io.federa.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.clusters.JobArray;
import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.internal.slurm.SlurmRestClientFactory;
import io.federa.runs.SweepParameter.Choice;
import io.federa.runs.SweepParameter.FloatRange;
import io.federa.runs.SweepParameter.Scale;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A sweep of 6 trials as one job array on real clusters of each generation: every task runs the trial
 * of its index with that trial's {@code FEDERA_PARAM_*} values (from the generated preamble), prints a
 * final loss, and the best trial is named from what the tasks wrote. The runs-core wiring (trial runs,
 * metrics posted to the portal) comes after the merge: docs/adr/0012-sweeps-as-job-arrays.md.
 */
@FederaIntegrationTest
class SweepArraysIT {

    static SlurmTestClusters slurm;

    @Autowired
    SlurmRestClientFactory factory;

    @BeforeAll
    static void allGenerations() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4"})
    void a_sweep_of_six_trials_runs_as_one_job_array_and_names_the_best_trial(String cluster) {
        SlurmClient client = factory.create(slurm.connection(cluster));
        List<SweepTrial> trials = SweepExpansion.expand(SweepSpec.grid(
                List.of(new FloatRange("lr", 0.001, 0.1, 3, Scale.LOG), new Choice("opt", List.of("adam", "sgd"))),
                10));
        // the job's "loss": 0 at lr 0.01, 1 elsewhere, +0.5 for sgd — trial 2 (0.01, adam) is best
        String script = SweepExpansion.withPreamble("""
                #!/bin/bash
                #SBATCH --job-name=federa-sweep
                case "$FEDERA_PARAM_LR" in 0.01) base=0 ;; *) base=1 ;; esac
                loss=$base; [ "$FEDERA_PARAM_OPT" = sgd ] && loss="$base.5"
                echo "task=$SLURM_ARRAY_TASK_ID trial=$FEDERA_TRIAL_INDEX lr=$FEDERA_PARAM_LR opt=$FEDERA_PARAM_OPT loss=$loss"
                """, trials);
        String marker = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String output = slurm.jobDir(cluster) + "/federa-" + marker + "-%A_%a.out";
        JobArray array = SweepExpansion.jobArray(trials, 3);
        var submission = new JobSubmission(
                        script,
                        "federa-sweep",
                        "team-a",
                        "debug",
                        1,
                        1,
                        5,
                        slurm.jobDir(cluster),
                        output,
                        "federa-sweep-" + marker,
                        Map.of())
                .withArray(array.spec());

        long arrayId = client.submit("alice", submission).jobId();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(client.jobs(null).jobs().stream()
                                .filter(j -> Long.valueOf(arrayId).equals(j.arrayJobId())))
                        .hasSize(6)
                        .allSatisfy(t -> assertThat(t.state()).isEqualTo(JobState.COMPLETED))
                        .extracting(SlurmJob::arrayTaskId)
                        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5));
        try {
            var finalMetrics = new HashMap<Integer, Map<String, Double>>();
            for (SweepTrial trial : trials) {
                String file =
                        output.replace("%A", Long.toString(arrayId)).replace("%a", Integer.toString(trial.index()));
                String line = slurm.run(cluster, List.of("cat", file)).trim();
                assertThat(line)
                        .startsWith("task=" + trial.index() + " trial=" + trial.index() + " lr="
                                + trial.params().get("lr") + " opt="
                                + trial.params().get("opt") + " loss=");
                finalMetrics.put(
                        trial.index(), Map.of("loss", Double.parseDouble(line.substring(line.indexOf("loss=") + 5))));
            }
            assertThat(SweepObjective.best(trials.size(), finalMetrics, "loss", SweepObjective.Goal.MINIMIZE))
                    .hasValueSatisfying(best -> {
                        assertThat(best.trialIndex()).isEqualTo(2);
                        assertThat(trials.get(best.trialIndex()).params())
                                .containsExactly(Map.entry("lr", "0.01"), Map.entry("opt", "adam"));
                        assertThat(best.value()).isZero();
                    });
        } finally {
            slurm.run(cluster, List.of("sh", "-c", "rm -f " + slurm.jobDir(cluster) + "/federa-" + marker + "-*"));
        }
    }
}

package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmJob;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job array through the portal's client on every Slurm generation: 22.05 (c1, v0.0.38), 24.11 (c3,
 * v0.0.42), 26.05 (c4, v0.0.45). Six tasks, each writes its index and a variable of the job's
 * environment into its own output file (docs/adr/0012-sweeps-as-job-arrays.md).
 */
@FederaIntegrationTest
class SlurmJobArraysIT {

    static SlurmTestClusters slurm;

    @Autowired
    SlurmRestClientFactory factory;

    @BeforeAll
    static void allGenerations() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    SlurmClient client(String cluster) {
        return factory.create(slurm.connection(cluster));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4"})
    void runs_six_array_tasks_each_with_its_own_index(String cluster) {
        SlurmClient client = client(cluster);
        String marker = "arr-" + UUID.randomUUID().toString().substring(0, 8);
        String output = slurm.jobDir(cluster) + "/federa-array-" + marker + "-%A_%a.out";
        var submission = new JobSubmission(
                        "#!/bin/bash\necho \"task=$SLURM_ARRAY_TASK_ID of=$SLURM_ARRAY_TASK_COUNT"
                                + " marker=$FEDERA_ARRAY_MARKER\"\n",
                        "federa-array",
                        "team-a",
                        "debug",
                        1,
                        1,
                        5,
                        slurm.jobDir(cluster),
                        output,
                        "federa-run-" + marker,
                        Map.of("FEDERA_ARRAY_MARKER", marker))
                .withArray("0-5%3");

        long arrayId = client.submit("alice", submission).jobId();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SlurmJob> tasks = client.jobs(null).jobs().stream()
                    .filter(j -> Long.valueOf(arrayId).equals(j.arrayJobId()))
                    .toList();
            assertThat(tasks).hasSize(6).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(JobState.COMPLETED);
                assertThat(t.exitCode()).isZero();
                assertThat(t.pendingArrayTasks()).isEmpty();
                assertThat(t.comment()).isEqualTo("federa-run-" + marker);
            });
            assertThat(tasks).extracting(SlurmJob::arrayTaskId).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
            assertThat(tasks)
                    .as("the last task to start keeps the array's job id")
                    .extracting(SlurmJob::jobId)
                    .contains(arrayId);
        });
        try {
            for (int task = 0; task < 6; task++) {
                String file = output.replace("%A", Long.toString(arrayId)).replace("%a", Integer.toString(task));
                String written = slurm.run(cluster, List.of("cat", file)).trim();
                assertThat(written).isEqualTo("task=" + task + " of=6 marker=" + marker);
            }
        } finally {
            slurm.run(
                    cluster, List.of("sh", "-c", "rm -f " + slurm.jobDir(cluster) + "/federa-array-" + marker + "-*"));
        }
    }
}

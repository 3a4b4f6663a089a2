package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.clusters.ClusterPing;
import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The same live suite against every Slurm generation the portal speaks to: 22.05 (c1, REST v0.0.38),
 * 24.11 (c3, v0.0.42), 26.05 (c4, v0.0.45) and 26.05 behind a slurmrestd limited to v0.0.43
 * (c4v43). Same test code, parameterised by cluster; clients come from the production factory with
 * every adapter the application registers.
 */
@FederaIntegrationTest
class SlurmGenerationsIT {

    /** cluster → (Slurm release prefix, API version the portal must pick, Slurm cluster name). */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "c1", List.of("22.05", "v0.0.38", "c1"),
            "c3", List.of("24.11", "v0.0.42", "c3"),
            "c4", List.of("26.05", "v0.0.45", "c4"),
            "c4v43", List.of("26.05", "v0.0.43", "c4"));

    static final String LIMITED_QOS = "federa-live-1cpu";
    static final String LIMITED_ACCOUNT = "team-lim";

    static SlurmTestClusters slurm;

    @Autowired
    SlurmRestClientFactory factory;

    @BeforeAll
    static void allGenerations() {
        slurm = SlurmTestClusters.requireAllGenerations();
        // one account whose QOS allows one CPU at a time, on every Slurm cluster (c4v43 is c4)
        for (String cluster : List.of("c1", "c3", "c4")) {
            sacctmgr(cluster, "add", "qos", LIMITED_QOS, "GrpTRES=cpu=1");
            sacctmgr(
                    cluster,
                    "add",
                    "account",
                    LIMITED_ACCOUNT,
                    "cluster=" + cluster,
                    "qos=" + LIMITED_QOS,
                    "defaultqos=" + LIMITED_QOS);
            sacctmgr(cluster, "add", "user", "alice", "account=" + LIMITED_ACCOUNT, "cluster=" + cluster);
        }
    }

    private static void sacctmgr(String cluster, String... args) {
        var command = new java.util.ArrayList<>(List.of("sacctmgr", "-i"));
        command.addAll(List.of(args));
        try {
            slurm.run(cluster, command);
        } catch (IllegalStateException e) {
            // sacctmgr exits 1 for "Nothing new added": the setup is idempotent
            String said = e.getMessage();
            if (!said.contains("Nothing new added")
                    && !said.contains("lready exist")
                    && !said.contains("didn't affect anything")) {
                throw e;
            }
        }
    }

    SlurmClient client(String cluster) {
        return factory.create(slurm.connection(cluster));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4", "c4v43"})
    void speaks_the_newest_api_version_both_sides_offer(String cluster) {
        ClusterPing ping = client(cluster).ping();
        assertThat(ping.controllerResponding()).isTrue();
        assertThat(ping.slurmRelease()).startsWith(EXPECTED.get(cluster).get(0));
        assertThat(ping.apiVersion()).isEqualTo(EXPECTED.get(cluster).get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4", "c4v43"})
    void lists_partitions_and_nodes(String cluster) {
        SlurmClient client = client(cluster);
        List<SlurmPartition> partitions = client.partitions();
        assertThat(partitions).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("debug");
            // v0.0.40-44 partition objects carry no default marker at all (recorded live); v0.0.38 and
            // v0.0.45 do
            if (List.of("v0.0.38", "v0.0.45").contains(EXPECTED.get(cluster).get(1))) {
                assertThat(p.isDefault()).isTrue();
            }
            assertThat(p.state()).isEqualToIgnoringCase("UP");
            assertThat(p.totalCpus()).isPositive();
            assertThat(p.maxTimeMinutes()).isNull(); // MaxTime=INFINITE
        });
        List<SlurmNode> nodes = client.nodes();
        assertThat(nodes).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo(EXPECTED.get(cluster).get(2) + "n1");
            assertThat(n.cpusTotal()).isPositive();
            assertThat(n.memoryTotalMb()).isPositive();
            assertThat(n.partitions()).contains("debug");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4", "c4v43"})
    void submits_a_job_and_follows_it_to_completed(String cluster) {
        SlurmClient client = client(cluster);
        String runId = "federa-run-" + UUID.randomUUID();
        long jobId = client.submit(
                        "alice", job(cluster, "#!/bin/bash\necho hello from " + cluster + "\n", runId, "team-a"))
                .jobId();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Optional<SlurmJob> job = client.job(jobId);
            assertThat(job).hasValueSatisfying(j -> {
                assertThat(j.state()).isEqualTo(JobState.COMPLETED);
                assertThat(j.exitCode()).isZero();
                assertThat(j.user()).isEqualTo("alice");
                assertThat(j.account()).isEqualTo("team-a");
                assertThat(j.comment()).isEqualTo(runId);
                assertThat(j.standardOutput()).doesNotContain("%j").contains(String.valueOf(jobId));
            });
        });
        assertThat(client.jobs(null).jobs()).extracting(SlurmJob::jobId).contains(jobId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4", "c4v43"})
    void cancels_a_job_and_refuses_to_cancel_someone_elses(String cluster) {
        SlurmClient client = client(cluster);
        long jobId = client.submit("alice", job(cluster, "#!/bin/bash\nsleep 300\n", "federa-cancel", "team-a"))
                .jobId();
        assertThatThrownBy(() -> client.cancel("bob", jobId)).isInstanceOf(SlurmException.class);
        client.cancel("alice", jobId);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.job(jobId))
                        .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.CANCELLED)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4", "c4v43"})
    void a_job_over_the_qos_limit_pends_and_says_why(String cluster) {
        SlurmClient client = client(cluster);
        var script = "#!/bin/bash\nsleep 120\n";
        long first = await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(
                        SlurmException.class) // the association may take a moment to reach slurmctld
                .until(
                        () -> client.submit("alice", job(cluster, script, "federa-qos-1", LIMITED_ACCOUNT))
                                .jobId(),
                        id -> id > 0);
        long second = client.submit("alice", job(cluster, script, "federa-qos-2", LIMITED_ACCOUNT))
                .jobId();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(client.job(first))
                        .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.RUNNING));
                assertThat(client.job(second)).hasValueSatisfying(j -> {
                    assertThat(j.state()).isEqualTo(JobState.PENDING);
                    assertThat(j.stateReason()).isEqualTo("QOSGrpCpuLimit");
                });
            });
        } finally {
            client.cancel("alice", second);
            client.cancel("alice", first);
        }
    }

    private JobSubmission job(String cluster, String script, String comment, String account) {
        return new JobSubmission(
                script,
                "federa-live",
                account,
                "debug",
                1,
                1,
                5,
                slurm.jobDir(cluster),
                slurm.jobDir(cluster) + "/federa-live-%j.out",
                comment,
                Map.of("FEDERA_TEST", "1"));
    }
}

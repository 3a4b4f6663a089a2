package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.federa.clusters.ClusterPing;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the two real local Slurm 22.05 clusters that {@code scripts/slurm-up.sh}
 * starts. Fails (never skips) when they are not there. Polls tolerate a moment of unavailability:
 * other tests on this machine stop and start c1's slurmrestd ({@code scripts/slurm-restd.sh}).
 */
class SlurmRestClientIT {

    private static final Path SLURM_DIR =
            Path.of(System.getenv().getOrDefault("FEDERA_SLURM_DIR", "/var/tmp/federa-slurm"));
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final Clock clock = Clock.systemUTC();
    private static Map<String, String> env;
    private static SlurmRestClientFactory factory;
    private static SlurmClient c1;
    private static SlurmClient c2;

    @BeforeAll
    static void requireClusters() throws IOException {
        Path file = SLURM_DIR.resolve("clusters.env");
        if (!Files.isReadable(file)) {
            fail(file + " is missing: the local Slurm clusters are not set up. Run scripts/slurm-up.sh");
        }
        env = readEnv(file);
        factory =
                new SlurmRestClientFactory(SlurmProperties.defaults(), List.of(new SlurmV0038Adapter()), meters, clock);
        c1 = client("C1");
        c2 = client("C2");
        for (SlurmClient client : List.of(c1, c2)) {
            try {
                client.ping();
            } catch (ClusterUnavailableException e) {
                fail(e.getMessage() + ". Start the local clusters with scripts/slurm-up.sh", e);
            }
        }
    }

    @AfterAll
    static void reportLatencies() {
        if (factory == null) {
            return;
        }
        for (Timer t : meters.find("federa.slurm.requests").timers()) {
            System.out.printf(
                    "slurmrestd %s %s %s %s: n=%d mean=%.1f ms max=%.1f ms%n",
                    t.getId().getTag("cluster"),
                    t.getId().getTag("method"),
                    t.getId().getTag("endpoint"),
                    t.getId().getTag("outcome"),
                    t.count(),
                    t.mean(TimeUnit.MILLISECONDS),
                    t.max(TimeUnit.MILLISECONDS));
        }
        factory.close();
    }

    @Test
    void pings_both_clusters_in_api_v0038() {
        for (SlurmClient client : List.of(c1, c2)) {
            ClusterPing ping = client.ping();

            assertThat(ping.controllerResponding()).as(client.cluster()).isTrue();
            assertThat(ping.slurmRelease()).startsWith("22.05.");
            assertThat(ping.apiVersion()).isEqualTo("v0.0.38");
            assertThat(ping.latency()).isLessThan(Duration.ofSeconds(2));
            System.out.println(
                    "ping " + client.cluster() + ": " + ping.latency().toMillis() + " ms");
        }
    }

    @Test
    void lists_the_debug_partition() {
        assertThat(c1.partitions()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("debug");
            assertThat(p.state()).isEqualTo("UP");
            assertThat(p.isDefault()).isTrue();
        });
        assertThat(c2.partitions()).extracting(p -> p.name()).contains("debug");
    }

    @Test
    void lists_node_c1n1_with_two_cpus() {
        assertThat(c1.nodes()).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo("c1n1");
            assertThat(n.cpusTotal()).isEqualTo(2);
            assertThat(n.partitions()).contains("debug");
        });
    }

    @Test
    void follows_a_job_of_alice_to_completed_in_controller_changes_and_accounting() {
        Instant before = clock.instant().minusSeconds(2);
        String runId = "federa-run-" + UUID.randomUUID();

        long jobId = c1.submit("alice", submission("sleep 2", "team-a", runId)).jobId();

        SlurmJob done = await().atMost(PATIENCE)
                .ignoreExceptionsInstanceOf(ClusterUnavailableException.class)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> c1.job(jobId),
                        j -> j.isPresent() && j.get().state().isFinal())
                .orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.exitCode()).isZero();
        assertThat(done.user()).isEqualTo("alice");
        assertThat(done.account()).isEqualTo("team-a");
        assertThat(done.comment()).isEqualTo(runId);
        assertThat(done.standardOutput()).isEqualTo(env.get("SLURM_JOB_DIR") + "/federa-it-" + jobId + ".out");
        assertThat(done.startTime()).isNotNull();
        assertThat(done.endTime()).isAfterOrEqualTo(done.startTime());

        var snapshot = c1.jobs(before);
        assertThat(snapshot.jobs()).anySatisfy(j -> assertThat(j.comment()).isEqualTo(runId));
        assertThat(snapshot.asOf()).isBefore(clock.instant());

        Optional<SlurmJob> accounted = await().atMost(PATIENCE)
                .ignoreExceptionsInstanceOf(ClusterUnavailableException.class)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> c1.accountingJob(jobId),
                        j -> j.isPresent() && j.get().state() == JobState.COMPLETED);
        assertThat(accounted.orElseThrow().user()).isEqualTo("alice");
    }

    @Test
    void cancels_a_long_job_of_alice() {
        long jobId = c1.submit("alice", submission("sleep 300", "team-a", "federa-run-" + UUID.randomUUID()))
                .jobId();

        c1.cancel("alice", jobId);

        await().atMost(PATIENCE)
                .ignoreExceptionsInstanceOf(ClusterUnavailableException.class)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> c1.job(jobId), j -> j.isPresent() && j.get().state() == JobState.CANCELLED);
    }

    @Test
    void refuses_a_submission_to_an_account_that_does_not_exist() {
        assertThatThrownBy(() -> c2.submit("alice", submission("true", "no-such-account", "federa-run-x")))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.hasError(SlurmException.INVALID_ACCOUNT)).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("Invalid account");
                });
    }

    @Test
    void says_authentication_rejected_for_a_token_signed_with_the_wrong_key() {
        byte[] wrongKey = new byte[32];
        new SecureRandom().nextBytes(wrongKey);
        SlurmClient client = factory.create(new ClusterConnection(
                "c1-wrong-key",
                URI.create(env.get("C1_URL")),
                new ClusterConnection.JwtKey(wrongKey),
                env.get("SLURM_ADMIN_USER"),
                "v0.0.38"));

        assertThatThrownBy(client::nodes)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("authentication rejected")
                .hasMessageNotContaining(HexFormat.of().formatHex(wrongKey));
    }

    private static JobSubmission submission(String command, String account, String comment) {
        String dir = env.get("SLURM_JOB_DIR");
        return new JobSubmission(
                "#!/bin/bash\n" + command + "\n",
                "federa-it",
                account,
                "debug",
                1,
                1,
                5,
                dir,
                dir + "/federa-it-%j.out",
                comment,
                Map.of("LANG", "C.UTF-8"));
    }

    private static SlurmClient client(String prefix) throws IOException {
        String url = env.get(prefix + "_URL");
        String keyFile = env.get(prefix + "_JWT_KEY");
        String admin = env.get("SLURM_ADMIN_USER");
        if (url == null || keyFile == null || admin == null) {
            fail(SLURM_DIR + "/clusters.env lacks " + prefix + "_URL, " + prefix
                    + "_JWT_KEY or SLURM_ADMIN_USER. Run scripts/slurm-up.sh");
        }
        byte[] key = Files.readAllBytes(Path.of(keyFile));
        return factory.create(new ClusterConnection(
                env.getOrDefault(prefix + "_NAME", prefix.toLowerCase()),
                URI.create(url),
                new ClusterConnection.JwtKey(key),
                admin,
                null));
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        var values = new HashMap<String, String>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}

package io.federa.runs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static io.federa.support.Federation.carol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.access.TeamAccounts;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.clusters.InvalidClusterSettingsException;
import io.federa.clusters.JobState;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import io.federa.mirror.MirroredJob;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.SlurmTestClusters;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.transaction.support.TransactionTemplate;

/** Registry, health, job mirror and team scoping against the two real local Slurm clusters. */
@FederaIntegrationTest
class FederationIT {

    static SlurmTestClusters slurm;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    JobMirror mirror;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void registerClusters() {
        Federation.registerLocalClusters(registry, accounts, slurm);
        Federation.demoPeopleLoggedIn(events, tx);
    }

    @Test
    void registered_clusters_show_health_partitions_and_nodes() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String name : new String[] {"c1", "c2"}) {
                ClusterOverview c = cluster(name);
                assertThat(c.health().state()).isEqualTo(ClusterHealth.State.UP);
                assertThat(c.health().slurmRelease()).startsWith("22.05");
                assertThat(c.health().apiVersion()).isEqualTo("v0.0.38");
                assertThat(c.health().lastContact()).isNotNull();
                assertThat(c.partitions()).extracting(SlurmPartition::name).contains("debug");
                assertThat(c.nodes()).extracting(SlurmNode::name).contains(name + "n1");
                assertThat(c.nodes()).allSatisfy(n -> assertThat(n.cpusTotal()).isPositive());
            }
        });
        // per-cluster call metrics (served on /actuator/metrics/federa.slurm.requests)
        for (String name : new String[] {"c1", "c2"}) {
            var timers =
                    meters.find("federa.slurm.requests").tag("cluster", name).timers();
            assertThat(timers).isNotEmpty();
            assertThat(timers.stream()
                            .mapToLong(io.micrometer.core.instrument.Timer::count)
                            .sum())
                    .isPositive();
        }
    }

    @Test
    void secrets_are_encrypted_at_rest_and_never_part_of_the_overview() {
        String key = slurm.keyBase64("c1");
        byte[] stored = jdbc.queryForObject("select secret_ciphertext from clusters where name = 'c1'", byte[].class);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(key);
        assertThat(java.util.HexFormat.of().formatHex(stored))
                .doesNotContain(
                        java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(key)));
        assertThat(registry.overview().toString()).doesNotContain(key);
    }

    @Test
    @WithMockUser(roles = Roles.DATA_SCIENTIST)
    void only_portal_admins_change_the_registry_and_bad_settings_are_refused_with_the_reason() {
        var c9 = new ClusterSettings("c9", slurm.url("c1"), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null);
        assertThatThrownBy(() -> registry.register(c9)).isInstanceOf(AuthorizationDeniedException.class);
        SystemTasks.runAsSystem(() -> {
            assertThatThrownBy(() -> registry.register(new ClusterSettings(
                            "Bad Name", URI.create("http://x:1"), AuthMode.JWT_KEY, "a2V5", "federa", null)))
                    .isInstanceOf(InvalidClusterSettingsException.class)
                    .hasMessageContaining("lower-case");
            assertThatThrownBy(() -> registry.register(new ClusterSettings(
                            "short-key", URI.create("http://x:1"), AuthMode.JWT_KEY, "a2V5", "federa", null)))
                    .hasMessageContaining("3 bytes");
            assertThatThrownBy(() -> registry.register(new ClusterSettings(
                            "no-scheme", URI.create("slurm-head:6820"), AuthMode.JWT_KEY, "x", "federa", null)))
                    .hasMessageContaining("http://");
            return null;
        });
    }

    @Test
    void a_bad_key_or_url_shows_the_cluster_down_with_a_clear_reason() {
        byte[] wrongKey = new byte[32];
        new java.security.SecureRandom().nextBytes(wrongKey);
        SystemTasks.runAsSystem(() -> {
            if (registry.overview().stream().noneMatch(c -> c.name().equals("bad-key"))) {
                registry.register(new ClusterSettings(
                        "bad-key",
                        slurm.url("c1"),
                        AuthMode.JWT_KEY,
                        Base64.getEncoder().encodeToString(wrongKey),
                        "federa",
                        null));
                registry.register(new ClusterSettings(
                        "bad-url",
                        URI.create("http://127.0.0.1:1"),
                        AuthMode.JWT_KEY,
                        slurm.keyBase64("c1"),
                        "federa",
                        null));
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster("bad-key").health().state()).isEqualTo(ClusterHealth.State.DOWN);
            assertThat(cluster("bad-key").health().reason()).containsIgnoringCase("authentication");
            assertThat(cluster("bad-url").health().state()).isEqualTo(ClusterHealth.State.DOWN);
            assertThat(cluster("bad-url").health().reason()).containsIgnoringCase("refused");
        });
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled("bad-key", false);
            registry.setEnabled("bad-url", false);
            return null;
        });
    }

    @Test
    void pinning_an_api_version_the_cluster_does_not_offer_says_so_on_the_clusters_page() {
        SystemTasks.runAsSystem(() -> {
            if (registry.overview().stream().noneMatch(c -> c.name().equals("pinned"))) {
                registry.register(new ClusterSettings(
                        "pinned", slurm.url("c1"), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", "v0.0.41"));
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster("pinned").health().state()).isEqualTo(ClusterHealth.State.DOWN);
            assertThat(cluster("pinned").health().reason())
                    .contains("v0.0.41 is pinned")
                    .contains("v0.0.38");
        });
        // unpinning lets the portal pick the newest version both sides speak
        SystemTasks.runAsSystem(() -> {
            registry.update(new ClusterSettings("pinned", slurm.url("c1"), AuthMode.JWT_KEY, null, "federa", null));
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster("pinned").health().state()).isEqualTo(ClusterHealth.State.UP);
            assertThat(cluster("pinned").health().apiVersion()).isEqualTo("v0.0.38");
        });
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled("pinned", false);
            return null;
        });
    }

    @Test
    void a_job_submitted_outside_the_portal_is_mirrored_through_to_its_final_state() {
        long jobId = slurm.sbatch("c2", "alice", "team-a", "-J", "federa-mirror-test", "--wrap", "sleep 1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Optional<MirroredJob> job = mirror.find(alice(), "c2", jobId);
            assertThat(job).hasValueSatisfying(j -> {
                assertThat(j.state()).isEqualTo(JobState.COMPLETED);
                assertThat(j.user()).isEqualTo("alice");
                assertThat(j.account()).isEqualTo("team-a");
                assertThat(j.name()).isEqualTo("federa-mirror-test");
                assertThat(j.exitCode()).isZero();
            });
        });
        // portal admins see it too, in the cross-cluster list
        assertThat(mirror.page(carol(), new JobFilter("c2", null, "alice", null, null), JobSort.NEWEST_FIRST, 0, 50))
                .extracting(MirroredJob::jobId)
                .contains(jobId);
    }

    @Test
    void bob_does_not_see_team_a_jobs() {
        long jobId = slurm.sbatch("c1", "alice", "team-a", "-J", "team-a-secret", "--wrap", "sleep 1");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mirror.find(alice(), "c1", jobId).isPresent());

        assertThat(mirror.find(bob(), "c1", jobId)).isEmpty();
        assertThat(mirror.page(bob(), JobFilter.none(), JobSort.NEWEST_FIRST, 0, 500))
                .extracting(MirroredJob::account)
                .doesNotContain("team-a");
        assertThat(mirror.page(bob(), new JobFilter(null, null, null, "team-a", null), JobSort.NEWEST_FIRST, 0, 500))
                .isEmpty();
        assertThat(mirror.page(bob(), new JobFilter(null, null, "alice", null, null), JobSort.NEWEST_FIRST, 0, 500))
                .isEmpty();
    }

    @Test
    void a_cluster_whose_slurmrestd_stops_is_shown_down_while_the_rest_keeps_working_and_recovers() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster("c1").health().state() == ClusterHealth.State.UP);
        try {
            slurm.restd("stop", "c1");
            // within two poll intervals (1 s each in tests), with slack for the check itself
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> assertThat(cluster("c1").health().state()).isEqualTo(ClusterHealth.State.DOWN));
            assertThat(cluster("c1").health().reason()).isNotBlank();
            assertThat(cluster("c2").health().state()).isEqualTo(ClusterHealth.State.UP);
            long t0 = System.nanoTime();
            mirror.page(carol(), JobFilter.none(), JobSort.NEWEST_FIRST, 0, 50);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            long onC2 = slurm.sbatch("c2", "bob", "team-b", "--wrap", "true");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mirror.find(bob(), "c2", onC2).isPresent());
        } finally {
            slurm.restd("start", "c1");
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(cluster("c1").health().state()).isEqualTo(ClusterHealth.State.UP));
    }

    @Test
    void a_team_users_pages_merge_all_their_accounts_in_order_without_gaps_or_repeats() {
        // synthetic rows far above real job ids: team-a on c1 and c2, team-b on c1
        jdbc.update("""
                insert into mirrored_jobs (cluster_name, job_id, name, slurm_user, account, partition_name, state,
                    submit_time, cpus, node_count, final, mirrored_at)
                select (array['c1','c2','c1'])[1 + g % 3], 900000000 + g, 'paging', 'alice',
                       (array['team-a','team-a','team-b'])[1 + g % 3], 'debug', 'COMPLETED',
                       timestamp '2020-01-01' + (g || ' minutes')::interval, 1, 1, true, now()
                from generate_series(1, 30) g
                on conflict do nothing""");
        var filter = new JobFilter(null, null, null, null, null);
        var expected = mirror.page(carol(), filter, JobSort.OLDEST_FIRST, 0, 500).stream()
                .filter(j -> j.name().equals("paging") && j.account().equals("team-a"))
                .map(j -> j.cluster() + "/" + j.jobId())
                .toList();
        assertThat(expected).hasSize(20);
        var seen = new java.util.ArrayList<String>();
        for (int offset = 0; seen.size() < 40; offset += 7) {
            var page = mirror.page(alice(), filter, JobSort.OLDEST_FIRST, offset, 7);
            if (page.isEmpty()) {
                break;
            }
            page.stream().filter(j -> j.name().equals("paging")).forEach(j -> seen.add(j.cluster() + "/" + j.jobId()));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    private ClusterOverview cluster(String name) {
        return registry.overview().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}

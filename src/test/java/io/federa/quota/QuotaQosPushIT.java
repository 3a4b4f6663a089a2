package io.federa.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.shared.AuditRecord.Outcome;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.AuditTrail;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SignedIn;
import io.federa.support.SlurmTestClusters;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.TestPropertySource;

/**
 * Saving a quota pushes it into the real Slurm accounting as the team's QOS: c1 (22.05, REST v0.0.38,
 * no QOS TRES minutes) and c3 (24.11, v0.0.42, with them). A cluster that cannot be reached keeps the
 * quota with the error, and the periodic sync (every 2 s here) pushes it once it can; a QOS changed
 * outside the portal is found and put back. Every QOS a test creates is deleted afterwards.
 */
@FederaIntegrationTest
@TestPropertySource(properties = "federa.quota.qos-sync-interval=2s")
class QuotaQosPushIT {

    static SlurmTestClusters slurm;

    @Autowired
    Quotas quotas;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    SlurmClients clients;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog auditLog;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    @BeforeEach
    void registerC1AndC3() {
        asAdmin(() -> {
            var known = registry.overview().stream().map(ClusterOverview::name).toList();
            for (String c : List.of("c1", "c3")) {
                if (!known.contains(c)) {
                    registry.register(slurm.settings(c));
                }
            }
            return null;
        });
    }

    static String team() {
        return "qt-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static <T> T asAdmin(Supplier<T> work) {
        return SystemTasks.runAsSystem(work);
    }

    void save(TeamQuota quota) {
        asAdmin(() -> {
            quotas.setQuota(quota);
            return null;
        });
    }

    QosPushStatus status(String team, String cluster) {
        return asAdmin(quotas::allQuotas).stream()
                .filter(o ->
                        o.quota().team().equals(team) && o.quota().cluster().equals(cluster))
                .findFirst()
                .orElseThrow()
                .push();
    }

    Optional<SlurmQos> qosIn(String slurmCluster, String name) {
        return clients.forCluster(slurmCluster).accounting().qos().stream()
                .filter(q -> q.name().equals(name))
                .findFirst();
    }

    /** What sacctmgr itself says, independent of the portal's REST parsing. */
    String sacctmgrShow(String cluster, String name) {
        return slurm.run(
                        cluster,
                        List.of("sacctmgr", "-n", "-P", "show", "qos", name, "format=GrpTRES,GrpJobs,GrpTRESMins"))
                .trim();
    }

    /** Cleanup: the portal forgets the team's quotas first, else the periodic sync would create the QOS again. */
    void forget(String team, String slurmCluster, String qos) {
        jdbc.sql("delete from team_quotas where team = :team")
                .param("team", team)
                .update();
        deleteQos(slurmCluster, qos);
    }

    void deleteQos(String cluster, String name) {
        try {
            slurm.run(cluster, List.of("sacctmgr", "-i", "delete", "qos", name));
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("Nothing deleted")) {
                throw e;
            }
        }
    }

    @Test
    void saving_a_quota_on_c1_creates_the_teams_qos_and_changing_it_updates_it() {
        String team = team();
        String name = TeamQos.nameFor(team, "c1");
        try {
            save(new TeamQuota(team, "c1", 4, null, 3, 100, null));

            SlurmQos created = qosIn("c1", name).orElseThrow();
            assertThat(created.limits().grpCpus()).isEqualTo(4);
            assertThat(created.limits().grpJobs()).isEqualTo(3);
            assertThat(created.limits().grpCpuMinutes()).isNull(); // v0.0.38 cannot set it
            assertThat(sacctmgrShow("c1", name)).isEqualTo("cpu=4|3|");
            QosPushStatus pushed = status(team, "c1");
            assertThat(pushed.pending()).isFalse();
            assertThat(pushed.lastError()).isNull();
            assertThat(pushed.pushedAt()).isNotNull();
            assertThat(pushed.note()).contains("monthly hours are enforced by the portal only");
            // audited: the change (before: none) and the push, each once, by whoever saved it
            AuditEntry set = AuditTrail.exactlyOne(
                    auditLog, "quota.set", "team-quota", team + "@c1", SystemTasks.SYSTEM_USER, Outcome.SUCCESS);
            assertThat(set.team()).isEqualTo(team);
            assertThat(set.before()).isEmpty();
            assertThat(set.after()).containsEntry("maxCpus", "4").containsEntry("maxJobs", "3");
            assertThat(AuditTrail.exactlyOne(
                                    auditLog,
                                    "quota.pushed",
                                    "team-quota",
                                    team + "@c1",
                                    SystemTasks.SYSTEM_USER,
                                    Outcome.SUCCESS)
                            .after())
                    .containsEntry("qos", name);

            save(new TeamQuota(team, "c1", 8, null, null, null, null));
            SlurmQos changed = qosIn("c1", name).orElseThrow();
            assertThat(changed.limits().grpCpus()).isEqualTo(8);
            assertThat(changed.limits().grpJobs()).isNull();
            assertThat(sacctmgrShow("c1", name)).isEqualTo("cpu=8||");
            assertThat(status(team, "c1").note()).isNull();
        } finally {
            forget(team, "c1", name);
        }
    }

    @Test
    void a_qos_changed_outside_the_portal_is_reported_as_drift_and_put_back() {
        String team = team();
        String name = TeamQos.nameFor(team, "c1");
        try {
            save(TeamQuota.concurrent(team, "c1", 2, null, 5));
            assertThat(sacctmgrShow("c1", name)).isEqualTo("cpu=2|5|");
            // a push still pending when Slurm changes simply wins (no drift to report): wait until it is done
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !status(team, "c1").pending());

            slurm.run("c1", List.of("sacctmgr", "-i", "modify", "qos", name, "set", "GrpJobs=99"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                QosPushStatus s = status(team, "c1");
                assertThat(s.drift()).isEqualTo("GrpJobs: 99 in Slurm, 5 in the portal");
                assertThat(s.driftAt()).isNotNull();
                assertThat(sacctmgrShow("c1", name)).isEqualTo("cpu=2|5|");
            });

            // deleted outside the portal: created again
            deleteQos("c1", name);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(status(team, "c1").drift()).isEqualTo("the QOS does not exist in Slurm");
                assertThat(sacctmgrShow("c1", name)).isEqualTo("cpu=2|5|");
            });
        } finally {
            forget(team, "c1", name);
        }
    }

    @Test
    void on_c3_the_monthly_cpu_hours_are_pushed_as_cpu_minutes_too() {
        String team = team();
        String name = TeamQos.nameFor(team, "c3");
        try {
            save(new TeamQuota(team, "c3", 6, null, 2, 10, null));

            SlurmQos created = qosIn("c3", name).orElseThrow();
            assertThat(created.limits().grpCpus()).isEqualTo(6);
            assertThat(created.limits().grpJobs()).isEqualTo(2);
            assertThat(created.limits().grpCpuMinutes()).isEqualTo(600L);
            assertThat(sacctmgrShow("c3", name)).isEqualTo("cpu=6|2|cpu=600");
            QosPushStatus pushed = status(team, "c3");
            assertThat(pushed.lastError()).isNull();
            assertThat(pushed.note()).isNull();

            save(new TeamQuota(team, "c3", 6, null, 2, 20, null));
            assertThat(qosIn("c3", name).orElseThrow().limits().grpCpuMinutes()).isEqualTo(1200L);
        } finally {
            forget(team, "c3", name);
        }
    }

    @Test
    void a_quota_for_an_unreachable_cluster_is_saved_with_the_error_and_pushed_once_it_is_reachable()
            throws IOException {
        String cluster = "qdown-" + UUID.randomUUID().toString().substring(0, 6);
        String team = team();
        String name = TeamQos.nameFor(team, cluster);
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var down = new ClusterSettings(
                cluster,
                URI.create("http://127.0.0.1:" + closedPort),
                AuthMode.JWT_KEY,
                slurm.keyBase64("c1"),
                slurm.adminUser(),
                null);
        try {
            asAdmin(() -> {
                registry.register(down);
                return null;
            });
            save(TeamQuota.concurrent(team, cluster, 3, null, null));

            assertThat(quotas.quotaOf(team, cluster)).contains(TeamQuota.concurrent(team, cluster, 3, null, null));
            QosPushStatus failed = status(team, cluster);
            assertThat(failed.pending()).isTrue();
            assertThat(failed.pushedAt()).isNull();
            assertThat(failed.lastError()).startsWith("Cluster " + cluster + " is unavailable");
            assertThat(qosIn("c1", name)).isEmpty();
            assertThat(AuditTrail.entries(auditLog, "quota.pushed", "team-quota", team + "@" + cluster))
                    .isNotEmpty()
                    .allSatisfy(e -> {
                        assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
                        assertThat(e.reason()).startsWith("Cluster " + cluster + " is unavailable");
                    });

            // the admin fixes the URL (another port: the key is entered again): the periodic sync pushes the quota
            asAdmin(() -> {
                registry.update(new ClusterSettings(
                        cluster, slurm.url("c1"), AuthMode.JWT_KEY, slurm.keyBase64("c1"), slurm.adminUser(), null));
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                QosPushStatus s = status(team, cluster);
                assertThat(s.pending()).isFalse();
                assertThat(s.lastError()).isNull();
                assertThat(s.pushedAt()).isNotNull();
            });
            assertThat(qosIn("c1", name).orElseThrow().limits().grpCpus()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            AuditTrail.entries(auditLog, "quota.pushed", "team-quota", team + "@" + cluster).stream()
                                    .anyMatch(e -> e.outcome() == Outcome.SUCCESS));
        } finally {
            asAdmin(() -> {
                registry.setEnabled(cluster, false);
                return null;
            });
            forget(team, "c1", name);
        }
    }

    @Test
    void only_portal_admins_set_quotas_and_limits_are_checked() {
        SignedIn.as("bob", Roles.DATA_SCIENTIST, () -> {
            assertThatThrownBy(() -> quotas.setQuota(TeamQuota.concurrent("team-b", "c1", 1000, 8, 100)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> quotas.pushAgain("team-b", "c1")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> quotas.allQuotas()).isInstanceOf(AccessDeniedException.class);
        });
        assertThat(quotas.quotaOf("team-b", "c1")).isEmpty();

        assertThatThrownBy(() -> save(new TeamQuota(team(), "c1", 1, null, null, -5, null)))
                .isInstanceOf(InvalidQuotaException.class)
                .hasMessage("CPU-hours per month must be 0 or more (leave it empty for no limit).");
    }
}

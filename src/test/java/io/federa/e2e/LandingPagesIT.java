package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.federa.access.ClusterPermissions;
import io.federa.access.DriftReport;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.AttentionSource;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import io.federa.support.StoredRuns;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The landing page by role (issue 12 item 2), in a real browser with the real Keycloak login: carol
 * (portal admin, in no team) sees what needs attention — a cluster whose slurmrestd cannot be reached,
 * drift on c1, a quota that did not reach Slurm, a run lost today — each linking to where it is fixed;
 * alice and bob (data scientists) see their own team's quotas and recent runs and nothing of the other
 * team's; dave (approver) sees what waits for him, honestly empty. The shared clusters are never
 * stopped: the cluster that is down is one registered at a closed port.
 */
@FederaIntegrationTest
class LandingPagesIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;

    @LocalServerPort
    int port;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    ClusterPermissions permissions;

    @Autowired
    TeamAccounts teamAccounts;

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    List<AttentionSource> attentionSources;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    String portal() {
        return "http://localhost:" + port;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A run id as the portal makes them (the run page's route accepts only those). */
    static String runId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var id = new StringBuilder("r-");
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    @Test
    void carol_sees_a_cluster_down_drift_a_failed_quota_push_and_a_lost_run_each_linking_to_its_fix()
            throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String down = "ldown-" + suffix;
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String driftTeam = "ld-" + suffix;
        String driftAccount = "ldacct" + suffix.replace("-", "");
        String lost = runId();
        try {
            SystemTasks.runAsSystem(() -> {
                if (registry.overview().stream().noneMatch(c -> c.name().equals("c1"))) {
                    registry.register(slurm.settings("c1"));
                }
                registry.register(new ClusterSettings(
                        down,
                        URI.create("http://127.0.0.1:" + closedPort),
                        slurm.settings("c1").authMode(),
                        slurm.keyBase64("c1"),
                        slurm.adminUser(),
                        null));
                // the portal says this team computes under an account that Slurm does not have: drift
                teamAccounts.map(new TeamAccount("c1", driftTeam, driftAccount));
                quotas.setQuota(TeamQuota.concurrent("team-a", down, 3, null, null));
                return null;
            });
            DriftReport drift = SystemTasks.runAsSystem(() -> permissions.checkDrift("c1"));
            assertThat(drift.findings()).anySatisfy(f -> assertThat(f.account()).isEqualTo(driftAccount));
            StoredRuns.insert(jdbc, lost, "team-a", "LOST");
            jdbc.update(
                    "update runs set ended_at = now(), state_reason = 'the cluster no longer knows job 4242' where id = ?",
                    lost);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.overview().stream()
                            .filter(c -> c.name().equals(down))
                            .map(ClusterOverview::health)
                            .anyMatch(h -> h.state() == ClusterHealth.State.DOWN));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> SystemTasks.runAsSystem(() -> quotas.allQuotas()).stream()
                            .anyMatch(o ->
                                    o.quota().cluster().equals(down) && o.push().failing()));

            Page carol = browser.newPage();
            Browser.logIn(carol, portal(), "carol");
            Locator attention = carol.locator("#attention");
            assertThat(attention).containsText("Needs attention");
            Locator cluster = item(attention, "cluster-down", down);
            assertThat(cluster).containsText("Cluster " + down + " is down");
            assertThat(cluster.locator("a.attention-fix")).hasAttribute("href", "admin/clusters");
            Locator push = item(attention, "quota-push-failed", "team-a@" + down);
            assertThat(push).containsText("did not reach Slurm as federa-team-a-on-" + down);
            assertThat(push.locator("a.attention-fix")).hasAttribute("href", "admin/quotas");
            Locator driftItem = item(attention, "drift", "c1");
            assertThat(driftItem).containsText("Slurm accounting on c1 differs from the portal");
            assertThat(driftItem.locator("a.attention-fix")).hasAttribute("href", "admin/permissions");
            Locator lostItem = item(attention, "run-lost", lost);
            assertThat(lostItem).containsText("the cluster no longer knows job 4242");
            assertThat(carol.locator("#attention-none")).hasCount(0);
            // carol is in no team and no data scientist: no team part, and no "not in any team" either
            assertThat(carol.locator("#my-teams")).hasCount(0);
            assertThat(carol.locator("#my-quotas")).hasCount(0);
            assertThat(carol.locator("body")).not().containsText("You are not in any team yet");
            Browser.screenshot(carol, "landing-carol");

            // each link leads to where it is fixed
            cluster.locator("a.attention-fix").click();
            carol.waitForURL(Pattern.compile(".*/admin/clusters"));
            assertThat(carol.locator("body")).containsText(down);
            carol.navigate(portal() + "/");
            item(carol.locator("#attention"), "run-lost", lost)
                    .locator("a.attention-fix")
                    .click();
            carol.waitForURL(Pattern.compile(".*/runs/" + lost));
            assertThat(carol.locator("body")).containsText("LOST");
            carol.navigate(portal() + "/");
            item(carol.locator("#attention"), "drift", "c1")
                    .locator("a.attention-fix")
                    .click();
            carol.waitForURL(Pattern.compile(".*/admin/permissions"));
            carol.context().close();
        } finally {
            SystemTasks.runAsSystem(() -> {
                registry.setEnabled(down, false);
                // the drift made for this test must not show in other tests' plans for c1
                teamAccounts.unmap("c1", driftTeam);
                return null;
            });
            jdbc.update("delete from team_quotas where cluster_name = ?", down);
        }
    }

    private static Locator item(Locator attention, String kind, String subject) {
        return attention.locator(".attention-item[data-kind='" + kind + "'][data-subject='" + subject + "']");
    }

    @Test
    void alice_sees_her_teams_quotas_and_recent_runs_with_their_state_and_nothing_of_team_b() {
        String cluster = "lq-" + UUID.randomUUID().toString().substring(0, 6);
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(new TeamQuota("team-a", cluster, 8, null, 4, 100, null));
            return null;
        });
        String mine = runId();
        String older = runId();
        String bobs = runId();
        // newer than any run other tests left: these two are alice's most recent
        StoredRuns.insert(jdbc, older, "team-a", "COMPLETED");
        StoredRuns.insert(jdbc, mine, "team-a", "RUNNING");
        jdbc.update("update runs set created_at = now() + interval '1 second' where id = ?", mine);
        StoredRuns.insert(jdbc, bobs, "team-b", "FAILED");

        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        assertThat(alice.locator("#my-teams [data-team='team-a']")).isVisible();
        assertThat(alice.locator(
                        "#my-quotas .team-quota[data-team='team-a'] .quota-cluster[data-cluster='" + cluster + "']"))
                .containsText("CPUs 0 of 8");
        Locator recent = alice.locator("#recent-runs");
        assertThat(recent).containsText("Recent runs");
        assertThat(recent.locator("tr[data-run='" + mine + "'] .state-badge")).hasText("RUNNING");
        assertThat(recent.locator("tr[data-run='" + older + "'] .state-badge")).hasText("COMPLETED");
        assertThat(recent.locator("tr[data-run]").first()).hasAttribute("data-run", mine);
        assertThat(recent).not().containsText(bobs);
        assertThat(alice.locator("#attention")).hasCount(0);
        assertThat(alice.locator("#approvals")).hasCount(0);
        Browser.screenshot(alice, "landing-alice");
        recent.locator("a[href='runs/" + mine + "']").click();
        alice.waitForURL(Pattern.compile(".*/runs/" + mine));
        alice.context().close();

        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        Locator bobsRecent = bob.locator("#recent-runs");
        assertThat(bobsRecent.locator("tr[data-run='" + bobs + "'] .state-badge"))
                .hasText("FAILED");
        assertThat(bobsRecent).not().containsText(mine);
        assertThat(bob.locator("#my-quotas")).not().containsText(cluster);
        assertThat(bob.locator("#attention")).hasCount(0);
        bob.context().close();
    }

    @Test
    void dave_sees_that_nothing_waits_for_his_approval_and_what_will_appear_there() {
        Page dave = browser.newPage();
        Browser.logIn(dave, portal(), "dave");
        Locator approvals = dave.locator("#approvals");
        assertThat(approvals).containsText("Waiting for your approval");
        assertThat(approvals.locator("#approvals-none")).containsText("Nothing waits for you");
        assertThat(approvals).containsText("promote a model version");
        assertThat(dave.locator("#attention")).hasCount(0);
        assertThat(dave.locator("#recent-runs")).hasCount(0);
        assertThat(dave.locator("#my-teams")).hasCount(0);
        Browser.screenshot(dave, "landing-dave");
        dave.context().close();
    }

    @Test
    @WithMockUser(username = "alice", roles = Roles.DATA_SCIENTIST)
    void what_needs_attention_is_refused_to_anyone_but_portal_admins() {
        assertThat(attentionSources).hasSizeGreaterThanOrEqualTo(4);
        for (AttentionSource source : attentionSources) {
            assertThatThrownBy(source::attention)
                    .as(source.getClass().getName())
                    .isInstanceOf(AccessDeniedException.class);
        }
    }
}

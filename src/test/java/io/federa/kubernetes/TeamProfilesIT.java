package io.federa.kubernetes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.identity.DirectorySync;
import io.federa.quota.KubernetesQuota;
import io.federa.quota.KubernetesQuotas;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Team Profiles on the real API server k1: saving team-a's quota creates its Profile with the quota;
 * a change made with kubectl is reported as drift and put back by the sync (every 2 s here); a value
 * the CRD's schema refuses is refused by the API server and shown as the push's error, in the service
 * and on the quota page; the permissions console lets a team use a cluster.
 */
@KubernetesIT
class TeamProfilesIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static KubernetesTestClusters k8s;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    KubernetesQuotas quotas;

    @Autowired
    DirectorySync directory;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    @BeforeEach
    void setUp() {
        k8s.registerBoth(registry);
        PortalPeople.syncDirectory(directory);
    }

    @AfterEach
    void takeK1AwayFromEveryTeam() {
        asAdmin(() -> {
            for (String team : access.teamsOn("k1")) {
                access.revoke("k1", team);
            }
            return null;
        });
        jdbc.sql("delete from kubernetes_quotas").update();
    }

    static <T> T asAdmin(Supplier<T> work) {
        return SystemTasks.runAsSystem(work);
    }

    String profileName(String team) {
        return profiles.profileName("k1", team);
    }

    JsonNode profileOnK1(String team) {
        return JSON.readTree(k8s.kubectl("k1", "get", "profile", profileName(team), "-o", "json"));
    }

    static Map<String, String> hard(JsonNode profile) {
        var hard = new java.util.TreeMap<String, String>();
        profile.path("spec")
                .path("resourceQuotaSpec")
                .path("hard")
                .properties()
                .forEach(e -> hard.put(e.getKey(), e.getValue().asString()));
        return hard;
    }

    ProfileStatus save(KubernetesQuota quota) {
        return asAdmin(() -> quotas.setQuota(quota));
    }

    void grant(String team) {
        asAdmin(() -> {
            access.grant("k1", team);
            return null;
        });
    }

    @Test
    void saving_team_a_quota_on_k1_creates_its_profile_with_the_quota() {
        grant("team-a");
        JsonNode granted = profileOnK1("team-a");
        assertThat(hard(granted)).isEmpty(); // a team with access but no quota yet: a Profile without limits
        assertThat(granted.path("spec").path("owner").path("kind").asString()).isEqualTo("Group");
        assertThat(granted.path("spec").path("owner").path("name").asString()).isEqualTo("team-a");

        ProfileStatus status = save(new KubernetesQuota("team-a", "k1", "4", "8Gi", 1, 10));

        assertThat(status.lastError()).isNull();
        assertThat(status.pending()).isFalse();
        assertThat(status.pushed()).isEqualTo(new ProfileQuota("4", "8Gi", 1, 10));
        JsonNode profile = profileOnK1("team-a");
        assertThat(hard(profile))
                .isEqualTo(Map.of("cpu", "4", "memory", "8Gi", "requests.nvidia.com/gpu", "1", "pods", "10"));
        JsonNode labels = profile.path("metadata").path("labels");
        assertThat(labels.path(FederaLabels.MANAGED_BY).asString()).isEqualTo("federa");
        assertThat(labels.path(FederaLabels.TEAM).asString()).isEqualTo("team-a");
        assertThat(profile.path("metadata").path("name").asString()).endsWith("-team-a");

        // a change replaces the quota; a limit taken away is gone from the Profile
        save(new KubernetesQuota("team-a", "k1", "6", null, null, 10));
        assertThat(hard(profileOnK1("team-a"))).isEqualTo(Map.of("cpu", "6", "pods", "10"));
    }

    @Test
    void a_profile_changed_with_kubectl_is_reported_as_drift_and_put_back() {
        grant("team-a");
        save(new KubernetesQuota("team-a", "k1", "2", "4Gi", null, 5));
        String name = profileName("team-a");

        k8s.kubectl(
                "k1",
                "patch",
                "profile",
                name,
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"resourceQuotaSpec\":{\"hard\":{\"memory\":\"64Gi\",\"limits.cpu\":\"100\"}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ProfileStatus s = profiles.status("team-a", "k1");
            assertThat(s.drift())
                    .contains("memory: 64Gi on the cluster, 4Gi in the portal")
                    .contains("limits.cpu: 100 on the cluster, no limit in the portal");
            assertThat(s.driftAt()).isNotNull();
            assertThat(hard(profileOnK1("team-a"))).isEqualTo(Map.of("cpu", "2", "memory", "4Gi", "pods", "5"));
        });

        // deleted outside the portal: created again
        k8s.kubectl("k1", "delete", "profile", name, "--wait=true");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(profiles.status("team-a", "k1").drift()).isEqualTo("the Profile does not exist on the cluster");
            assertThat(hard(profileOnK1("team-a"))).isEqualTo(Map.of("cpu", "2", "memory", "4Gi", "pods", "5"));
        });
    }

    @Test
    void a_schema_invalid_quota_is_refused_by_the_api_server_and_shown_as_an_error() {
        grant("team-a");
        save(new KubernetesQuota("team-a", "k1", "2", "4Gi", null, null));

        ProfileStatus refused = save(new KubernetesQuota("team-a", "k1", "2", "4GB", null, null));

        assertThat(refused.failing()).isTrue();
        assertThat(refused.pending()).isTrue();
        assertThat(refused.lastError())
                .contains("refused the change (HTTP 422)")
                .contains("spec.resourceQuotaSpec.hard.memory")
                .contains("4GB");
        assertThat(hard(profileOnK1("team-a"))).isEqualTo(Map.of("cpu", "2", "memory", "4Gi"));

        // kubectl gets the same answer from the API server
        var kubectl = k8s.kubectlResult(
                "k1",
                "patch",
                "profile",
                profileName("team-a"),
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"resourceQuotaSpec\":{\"hard\":{\"cpu\":\"lots\"}}}}");
        assertThat(kubectl.exit()).isNotZero();
        assertThat(kubectl.output()).contains("Invalid value").contains("lots");

        // the admin sees it on the quota page
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/quotas");
        assertThat(page.locator(".profile-push[data-quota='team-a/k1']")).containsText("push failed", SOON);
        assertThat(page.locator(".profile-push[data-quota='team-a/k1']")).containsText("4GB");
    }

    @Test
    void the_permissions_console_lets_a_team_use_a_kubernetes_cluster_and_takes_it_away() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/permissions");
        assertThat(page.locator("#kubernetes-access"))
                .containsText("Kubernetes clusters: which teams may use them", SOON);
        page.locator("#kubernetes-access-cluster input").fill("k1");
        page.locator("#kubernetes-access-cluster input").press("Enter");
        page.locator("#kubernetes-access-cluster input").press("Tab"); // closes the list
        page.locator("#kubernetes-access-team input").fill("team-b");
        page.locator("#kubernetes-access-team input").press("Enter");
        page.locator("#kubernetes-access-team input").press("Tab");
        page.locator("#kubernetes-access-grant").click();
        assertThat(page.locator("#kubernetes-access-message"))
                .containsText("Team team-b may use k1: its Profile " + profileName("team-b") + " is there.", SOON);
        assertThat(page.locator("#kubernetes-access-grid")).containsText(profileName("team-b"));
        assertThat(access.teamsOn("k1")).containsExactly("team-b");
        assertThat(profileOnK1("team-b").path("spec").path("owner").path("name").asString())
                .isEqualTo("team-b");

        page.locator("#kubernetes-access-grid vaadin-button:has-text('Take away')")
                .click();
        page.locator("#kubernetes-access-revoke-confirm vaadin-button[slot='confirm-button']")
                .click();
        assertThat(page.locator("#kubernetes-access-message")).containsText("may no longer use k1", SOON);
        assertThat(access.teamsOn("k1")).isEmpty();
        assertThat(k8s.kubectlResult("k1", "get", "profile", profileName("team-b"))
                        .output())
                .contains("NotFound");
    }

    String portal() {
        return "http://localhost:" + port;
    }
}

package io.federa.kubernetes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import io.federa.identity.DirectorySync;
import io.federa.kubernetes.internal.KubernetesProperties;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * bob (team-b) sees nothing of team-a's Kubernetes resources: not on his dashboard, not through the
 * API (another team's resources answer 403), not on the admin pages (403). alice sees her team's.
 * The resources are real objects on k1, mirrored by the portal's watch.
 */
@KubernetesIT
class KubernetesTenancyIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static final JsonMapper JSON = JsonMapper.builder().build();

    static KubernetesTestClusters k8s;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    DirectorySync directory;

    @Autowired
    JdbcClient jdbc;

    /** This portal's name on the clusters (one random value per context: read it from the bean). */
    @Autowired
    KubernetesProperties properties;

    String instance;

    @LocalServerPort
    int port;

    String notebook;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    @BeforeEach
    void teamAAndTeamBUseK1() {
        instance = properties.instance();
        k8s.registerBoth(registry);
        PortalPeople.syncDirectory(directory);
        SystemTasks.runAsSystem(() -> {
            access.grant("k1", "team-a");
            access.grant("k1", "team-b");
            return null;
        });
        notebook = "secret-nb-" + UUID.randomUUID().toString().substring(0, 6);
        k8s.kubectlWithInput(
                "k1", """
                apiVersion: kubeflow.org/v1
                kind: Notebook
                metadata:
                  name: %s
                  namespace: %s
                  labels: {federa.io/managed-by: federa, federa.io/instance: %s, federa.io/team: team-a, federa.io/owner: alice}
                spec:
                  template:
                    spec:
                      containers: [{name: notebook, image: jupyter/minimal:1}]
                """.formatted(notebook, profiles.profileName("k1", "team-a"), instance), "apply", "-f", "-");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("""
                                        select count(*) from kubernetes_resources r
                                        join kubernetes_clusters c on c.id = r.cluster_id
                                        where c.name = 'k1' and r.name in (:names)""")
                                .param(
                                        "names",
                                        List.of(
                                                notebook,
                                                profiles.profileName("k1", "team-a"),
                                                profiles.profileName("k1", "team-b")))
                                .query(Integer.class)
                                .single()
                        == 3);
    }

    @AfterEach
    void cleanUp() {
        k8s.kubectl("k1", "-n", profiles.profileName("k1", "team-a"), "delete", "notebook", notebook, "--wait=false");
        SystemTasks.runAsSystem(() -> {
            access.revoke("k1", "team-a");
            access.revoke("k1", "team-b");
            return null;
        });
    }

    String portal() {
        return "http://localhost:" + port;
    }

    static List<String> names(APIResponse response) {
        var names = new ArrayList<String>();
        JsonNode items = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
        items.forEach(
                i -> names.add(i.path("team").asString() + ":" + i.path("name").asString()));
        return names;
    }

    @Test
    void bob_sees_nothing_of_team_a_kubernetes_resources_by_page_or_api() {
        String teamANamespace = profiles.profileName("k1", "team-a");
        String teamBNamespace = profiles.profileName("k1", "team-b");

        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        APIResponse all = bob.request().get(portal() + "/api/kubernetes/resources");
        assertThat(all.status()).isEqualTo(200);
        assertThat(names(all)).contains("team-b:" + teamBNamespace).noneMatch(n -> n.startsWith("team-a:"));
        assertThat(new String(all.body(), StandardCharsets.UTF_8)).doesNotContain(notebook, teamANamespace);
        APIResponse teamA = bob.request().get(portal() + "/api/kubernetes/resources?team=team-a");
        assertThat(teamA.status()).isEqualTo(403);
        assertThat(new String(teamA.body(), StandardCharsets.UTF_8)).doesNotContain(notebook);

        bob.navigate(portal() + "/");
        assertThat(bob.locator("#kubernetes-namespaces")).containsText(teamBNamespace);
        assertThat(bob.locator("#kubernetes-dashboard")).not().containsText(teamANamespace);
        assertThat(bob.locator("body")).not().containsText(notebook);
        for (String adminPage : List.of("/admin/kubernetes", "/admin/quotas", "/admin/permissions")) {
            assertThat(bob.navigate(portal() + adminPage).status()).isEqualTo(403);
        }

        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        assertThat(names(alice.request().get(portal() + "/api/kubernetes/resources?team=team-a")))
                .contains("team-a:" + notebook, "team-a:" + teamANamespace)
                .noneMatch(n -> n.startsWith("team-b:"));
        alice.navigate(portal() + "/");
        assertThat(alice.locator("#kubernetes-resources")).containsText(notebook);
        assertThat(alice.locator("#kubernetes-namespaces")).containsText(teamANamespace);
    }
}

package io.federa.kubernetes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Kubernetes clusters in the registry, their health beside the Slurm clusters, against the real API
 * servers k1 and k2: UP with the features discovery shows; k1's API server stopped is DOWN with the
 * reason within two health intervals (2 s here) while c1 and k2 keep being checked fast; back UP once
 * it runs again. The Clusters page shows it to anyone.
 */
@KubernetesIT
class KubernetesHealthIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static final Duration INTERVAL = Duration.ofSeconds(2);

    static KubernetesTestClusters k8s;
    static SlurmTestClusters slurm;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    ClusterRegistry slurmRegistry;

    @LocalServerPort
    int port;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void register() {
        k8s.registerBoth(registry);
        SystemTasks.runAsSystem(() -> {
            if (slurmRegistry.overview().stream().noneMatch(c -> c.name().equals("c1"))) {
                slurmRegistry.register(slurm.settings("c1"));
            }
            return null;
        });
    }

    KubernetesClusterOverview cluster(String name) {
        return registry.overview().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    ClusterOverview slurmCluster(String name) {
        return slurmRegistry.overview().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void registered_k1_and_k2_are_up_with_the_features_discovery_shows() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String c : new String[] {"k1", "k2"}) {
                KubernetesHealth h = cluster(c).health();
                assertThat(h.state()).as(c + ": " + h.reason()).isEqualTo(KubernetesHealth.State.UP);
                assertThat(h.version()).startsWith("v1.");
                assertThat(h.features()).isEqualTo(EnumSet.allOf(KubernetesFeature.class));
                assertThat(h.latencyMs()).isNotNull();
                assertThat(h.lastContact()).isNotNull();
            }
        });
        // k2 is registered with a bearer token, k1 with a client certificate: both are accepted
        assertThat(cluster("k1").authKind()).isEqualTo(KubernetesAuthKind.CLIENT_CERTIFICATE);
        assertThat(cluster("k2").authKind()).isEqualTo(KubernetesAuthKind.BEARER_TOKEN);
    }

    @Test
    void
            a_stopped_api_server_is_down_with_the_reason_within_two_intervals_while_the_others_stay_fast_and_it_recovers() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster("k1").health().state() == KubernetesHealth.State.UP
                        && cluster("k2").health().state() == KubernetesHealth.State.UP
                        && slurmCluster("c1").health().state() == ClusterHealth.State.UP);
        Page page = browser.newPage();
        Browser.logIn(page, "http://localhost:" + port, "bob");
        page.navigate("http://localhost:" + port + "/clusters");
        assertThat(page.locator("[data-kubernetes-cluster=k1][data-state=UP]")).isVisible();
        assertThat(page.locator("[data-kubernetes-cluster=k2] .kubernetes-features"))
                .containsText("Kubeflow profiles, Kubeflow notebooks, KServe model serving");
        try {
            Instant stopping = Instant.now();
            k8s.apiServer("stop", "k1");
            await().atMost(INTERVAL.multipliedBy(2).plusSeconds(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        KubernetesHealth h = cluster("k1").health();
                        return h.state() == KubernetesHealth.State.DOWN
                                && h.lastCheck().isAfter(stopping);
                    });
            assertThat(cluster("k1").health().reason()).contains("connection refused");

            // meanwhile the others keep being checked on time, and answer fast
            Instant mark = Instant.now();
            await().atMost(INTERVAL.multipliedBy(2).plusSeconds(1)).untilAsserted(() -> {
                KubernetesHealth k2 = cluster("k2").health();
                assertThat(k2.state()).isEqualTo(KubernetesHealth.State.UP);
                assertThat(k2.lastCheck()).isAfter(mark);
                assertThat(k2.latencyMs()).isLessThan(1000);
                ClusterHealth c1 = slurmCluster("c1").health();
                assertThat(c1.state()).isEqualTo(ClusterHealth.State.UP);
                assertThat(c1.lastCheck()).isAfter(mark);
            });
            // the page says it too, updated live
            assertThat(page.locator("[data-kubernetes-cluster=k1][data-state=DOWN] .cluster-reason"))
                    .containsText("connection refused");
            assertThat(page.locator("[data-kubernetes-cluster=k2][data-state=UP]"))
                    .isVisible();
        } finally {
            k8s.apiServer("start", "k1");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster("k1").health().state() == KubernetesHealth.State.UP);
        assertThat(page.locator("[data-kubernetes-cluster=k1][data-state=UP]")).isVisible();
    }
}

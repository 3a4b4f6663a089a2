package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterSettings;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalWithClusters;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the Clusters page says about a cluster that is down, to whom. */
@FederaIntegrationTest
class ClusterHealthMessagesIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Test
    void everyone_sees_why_a_cluster_is_down_and_only_portal_admins_see_its_address() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        String name = "down-" + System.nanoTime() % 100_000;
        SystemTasks.runAsSystem(() -> {
            registry.register(new ClusterSettings(
                    name, URI.create("http://" + address), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null));
            return null;
        });
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.overview().stream()
                            .anyMatch(c -> c.name().equals(name) && c.health().state() == ClusterHealth.State.DOWN));

            Page bob = browser.newPage();
            Browser.logIn(bob, portal(), "bob");
            bob.navigate(portal() + "/clusters");
            var card = bob.locator(".cluster[data-cluster='" + name + "']");
            assertThat(card.locator(".cluster-reason")).containsText("connection refused", SOON);
            assertThat(card).not().containsText(address);
            assertThat(card.locator(".cluster-detail")).hasCount(0);
            bob.context().close();

            Page carol = browser.newPage();
            Browser.logIn(carol, portal(), "carol");
            carol.navigate(portal() + "/clusters");
            var adminCard = carol.locator(".cluster[data-cluster='" + name + "']");
            assertThat(adminCard.locator(".cluster-reason")).containsText("connection refused", SOON);
            assertThat(adminCard.locator(".cluster-detail")).containsText("http://" + address, SOON);
            Browser.screenshot(carol, "cluster-down-admin-detail");
            carol.context().close();
        } finally {
            SystemTasks.runAsSystem(() -> {
                registry.setEnabled(name, false);
                return null;
            });
        }
    }
}

package io.federa.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.access.PersonSlurmUsers;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.NotebookProxyChecks;
import io.federa.support.PortalWithClusters;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 14's acceptance on Slurm, end to end: alice's notebook runs as her job on the real c1, opens
 * in Chromium through the portal's proxy, runs {@code 21 * 2} → {@code 42} over the proxied kernel
 * WebSocket, and stops; bob's request for its proxy URL gets 404; a path crafted to name another host
 * and port reaches only alice's Jupyter.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.notebooks.follow-interval=500ms",
            "federa.notebooks.slurm-node-address=127.0.0.1"
        })
class NotebooksEndToEndIT extends PortalWithClusters {

    @Autowired
    Notebooks notebooks;

    @Autowired
    NotebookCatalog catalog;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Test
    void alice_opens_her_slurm_notebook_through_the_portal_runs_a_cell_and_stops_it_bob_gets_404() throws Exception {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
        SystemTasks.runAsSystem(() -> {
            catalog.save(new NotebookImage(NotebookKind.SLURM, "system", "export PATH=/usr/bin:/bin:$PATH", ""));
            return null;
        });
        Notebook n = notebooks.start(
                Federation.alice(),
                new NotebookRequest("team-a", NotebookKind.SLURM, "c1", "system", 1, 512, 0, 30, 60));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> notebooks.find(Federation.alice(), n.id()).state(), s -> s == NotebookState.READY);

            Page alice = browser.newPage();
            Browser.logIn(alice, portal(), "alice");
            // the Notebooks page lists it with Open
            alice.navigate(portal() + "/notebooks");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                            alice.locator("[data-notebook=" + n.id() + "] .notebook-open"))
                    .isVisible();
            // Jupyter's own page through the proxy
            alice.navigate(portal() + "/notebooks/" + n.id() + "/tree");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(alice.locator("#notebook_list"))
                    .isVisible();
            var proxy = new NotebookProxyChecks(port);
            proxy.runsACell(alice, n.id());
            proxy.craftedHostAndPortGoNowhere(alice, n.id());

            Page bob = browser.newPage();
            Browser.logIn(bob, portal(), "bob");
            assertThat(proxy.statusFor(bob, "/notebooks/" + n.id() + "/tree")).isEqualTo(404);

            notebooks.stop(Federation.alice(), n.id());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> notebooks.find(Federation.alice(), n.id()).state(), s -> s == NotebookState.STOPPED);
            assertThat(proxy.statusFor(alice, "/notebooks/" + n.id() + "/tree"))
                    .as("a stopped notebook does not answer")
                    .isEqualTo(503);
        } finally {
            notebooks.delete(Federation.alice(), n.id());
        }
    }
}

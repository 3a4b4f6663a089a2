package io.federa.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesIT;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.internal.KubernetesProperties;
import io.federa.kubernetes.standin.JupyterNotebookStandIn;
import io.federa.kubernetes.standin.NotebookGateway;
import io.federa.kubernetes.standin.StandInControllers;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.Federation;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.LocalJupyter;
import io.federa.support.NotebookProxyChecks;
import io.federa.support.PortalWithClusters;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 14's acceptance on Kubernetes, end to end: alice starts a notebook on the real API server k1
 * from the Notebooks page in Chromium; Kubeflow's notebook-controller, the kubelet and the Istio
 * gateway are the stand-in that runs Debian's Jupyter as the pod would (ADR 0031); it becomes ready,
 * opens through the portal's proxy, runs {@code 21 * 2} → {@code 42} over the proxied kernel WebSocket
 * and is stopped from the page; bob's request for its proxy URL gets 404; a path crafted to name
 * another host and port reaches only alice's Jupyter.
 */
@KubernetesIT
@TestPropertySource(
        properties = {
            "federa.notebooks.follow-interval=500ms",
            "federa.notebooks.launch-retry-after=2s",
            "federa.notebooks.launch-patience=45s"
        })
class NotebooksKubernetesEndToEndIT extends PortalWithClusters {

    static final LocatorAssertions.IsVisibleOptions SOON = new LocatorAssertions.IsVisibleOptions().setTimeout(60_000);
    /** The image the stand-in runs as local Jupyter (the demo offers the same). */
    static final String IMAGE = "federa/debian-jupyter";

    @TempDir
    static Path work;

    static KubernetesTestClusters k8s;
    static NotebookGateway gateway;
    static @Nullable StandInControllers standIns;
    static @Nullable KubernetesClusterOverview k1Before;

    @Autowired
    KubernetesClusters kubernetesClusters;

    @Autowired
    TeamKubernetesAccess kubernetesAccess;

    @Autowired
    KubernetesProperties kubernetesProperties;

    @Autowired
    Notebooks notebooks;

    @Autowired
    NotebookCatalog catalog;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @BeforeAll
    static void realApiServerAndJupyter() throws Exception {
        LocalJupyter.require();
        k8s = KubernetesTestClusters.require();
        gateway = NotebookGateway.start(0);
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        if (standIns != null) {
            standIns.close(); // closes the Jupyter stand-in (and its Jupyter processes) too
        }
        gateway.close();
    }

    @BeforeEach
    void k1WithTheGatewayAndAJupyterImage() {
        Federation.demoPeopleLoggedIn(events, tx); // team-a and team-b exist
        k8s.registerBoth(kubernetesClusters);
        SystemTasks.runAsSystem(() -> {
            KubernetesClusterOverview k1 = k1();
            if (k1Before == null) {
                k1Before = k1;
            }
            kubernetesClusters.update(new KubernetesClusterSettings(
                    "k1", k1.apiUrl(), k1.caCertificate(), null, gateway.url(), k1.namespacePattern()));
            kubernetesAccess.grant("k1", "team-a");
            catalog.save(new NotebookImage(
                    NotebookKind.KUBERNETES, "debian-jupyter", IMAGE + ":1", "Debian's Jupyter (stand-in)"));
            return null;
        });
        if (standIns == null) {
            standIns = StandInControllers.start(
                    k8s.admin("k1"),
                    FederaLabels.INSTANCE + "=" + kubernetesProperties.instance(),
                    StandInControllers.withJupyter(
                            new JupyterNotebookStandIn(gateway, Set.of(IMAGE), work, Clock.systemUTC())));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kubernetesClusters.overview().stream()
                        .anyMatch(c -> c.name().equals("k1")
                                && gateway.url().equals(c.notebookGatewayUrl())
                                && c.health().features().contains(KubernetesFeature.NOTEBOOKS)));
    }

    /** Gives k1 its earlier gateway back: other tests in this portal context expect theirs. */
    @AfterEach
    void k1AsBefore() {
        if (k1Before != null) {
            var b = k1Before;
            SystemTasks.runAsSystem(() -> {
                kubernetesClusters.update(new KubernetesClusterSettings(
                        "k1", b.apiUrl(), b.caCertificate(), null, b.notebookGatewayUrl(), b.namespacePattern()));
                return null;
            });
            k1Before = null;
        }
    }

    KubernetesClusterOverview k1() {
        return kubernetesClusters.overview().stream()
                .filter(c -> c.name().equals("k1"))
                .findFirst()
                .orElseThrow();
    }

    static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    static void choose(Page page, String select, String option) {
        page.locator(select).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(option))
                .click();
    }

    @Test
    void alice_starts_a_kubernetes_notebook_from_the_page_opens_it_through_the_portal_runs_a_cell_and_stops_it()
            throws Exception {
        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        alice.navigate(portal() + "/notebooks");
        choose(alice, "#notebook-where", "Kubernetes k1");
        choose(alice, "#notebook-image", "debian-jupyter (Kubernetes)");
        alice.locator("#notebook-start").click();

        var row = alice.locator(".notebook[data-state=READY]");
        expect(row).isVisible(SOON);
        String id = row.getAttribute("data-notebook");
        Notebook n = notebooks.find(Federation.alice(), id);
        try {
            assertThat(n.kind()).isEqualTo(NotebookKind.KUBERNETES);
            assertThat(n.where()).contains("k1");
            assertThat(n.upstream()).hasToString(gateway.url() + "/notebook/" + n.namespace() + "/" + id + "/");

            // Jupyter's own page through the portal's proxy (the Open link's address)
            expect(row.locator(".notebook-open")).hasAttribute("href", "notebooks/" + id + "/");
            alice.navigate(portal() + "/notebooks/" + id + "/tree");
            expect(alice.locator("#notebook_list")).isVisible();
            var proxy = new NotebookProxyChecks(port);
            proxy.runsACell(alice, id);
            proxy.craftedHostAndPortGoNowhere(alice, id);
            // …and one that climbs out of the notebook's prefix on the gateway does not leave it either
            assertThat(proxy.statusFor(
                            alice,
                            "/notebooks/" + id + "/..%2F..%2F..%2Fnotebook%2F" + n.namespace()
                                    + "%2Fother%2Fapi%2Fstatus"))
                    .isIn(400, 404);

            Page bob = browser.newPage();
            Browser.logIn(bob, portal(), "bob");
            assertThat(proxy.statusFor(bob, "/notebooks/" + id + "/tree")).isEqualTo(404);

            // stopped from the page
            alice.navigate(portal() + "/notebooks");
            alice.locator("[data-notebook=" + id + "] .notebook-stop").click();
            expect(alice.locator("[data-notebook=" + id + "][data-state=STOPPED]"))
                    .isVisible(SOON);
            assertThat(notebooks.find(Federation.alice(), id).state()).isEqualTo(NotebookState.STOPPED);
            assertThat(proxy.statusFor(alice, "/notebooks/" + id + "/tree"))
                    .as("a stopped notebook does not answer")
                    .isEqualTo(503);
        } finally {
            notebooks.delete(Federation.alice(), id);
        }
    }
}

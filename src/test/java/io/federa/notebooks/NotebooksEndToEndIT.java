package io.federa.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.access.PersonSlurmUsers;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.JupyterKernels;
import io.federa.support.PortalWithClusters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

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

    static final JsonMapper JSON = JsonMapper.builder().build();

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

    String session(Page page) {
        return page.context().cookies(portal()).stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portal() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (var http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

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
            String session = session(alice);
            // Jupyter's XSRF cookie, scoped by the proxy to the notebook's path
            String xsrf = alice.context().cookies(portal() + "/notebooks/" + n.id() + "/").stream()
                    .filter(c -> c.name.equals("_xsrf"))
                    .map(c -> c.value)
                    .findFirst()
                    .orElseThrow();
            var asAlice = Map.of(
                    "Cookie",
                    "JSESSIONID=" + session + "; _xsrf=" + xsrf,
                    "Origin",
                    portal(),
                    "X-XSRFToken",
                    xsrf,
                    "Content-Type",
                    "application/json");
            var created = send("POST", "/notebooks/" + n.id() + "/api/kernels", "{\"name\":\"python3\"}", asAlice);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String kernel = JSON.readTree(created.body()).get("id").asString();
            try (var channels = JupyterKernels.open(
                    URI.create("ws://localhost:" + port + "/notebooks/" + n.id() + "/api/kernels/" + kernel
                            + "/channels?session_id=" + UUID.randomUUID()),
                    Map.of("Cookie", "JSESSIONID=" + session, "Origin", portal()))) {
                assertThat(channels.evaluate("21 * 2")).isEqualTo("42");
            }

            // a path that names another host and port still goes to alice's Jupyter only (its 404)
            var crafted = send(
                    "GET",
                    "/notebooks/" + n.id() + "/@127.0.0.1:" + port + "/api/notebooks",
                    null,
                    Map.of("Cookie", "JSESSIONID=" + session));
            assertThat(crafted.statusCode()).isEqualTo(404);
            assertThat(crafted.body()).doesNotContain("\"id\"");

            Page bob = browser.newPage();
            Browser.logIn(bob, portal(), "bob");
            assertThat(send(
                                    "GET",
                                    "/notebooks/" + n.id() + "/tree",
                                    null,
                                    Map.of("Cookie", "JSESSIONID=" + session(bob)))
                            .statusCode())
                    .isEqualTo(404);

            notebooks.stop(Federation.alice(), n.id());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> notebooks.find(Federation.alice(), n.id()).state(), s -> s == NotebookState.STOPPED);
            assertThat(send("GET", "/notebooks/" + n.id() + "/tree", null, Map.of("Cookie", "JSESSIONID=" + session))
                            .statusCode())
                    .as("a stopped notebook does not answer")
                    .isEqualTo(503);
        } finally {
            notebooks.delete(Federation.alice(), n.id());
        }
    }
}

package io.federa.notebooks.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.federa.identity.CurrentUser;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.JupyterKernels;
import io.federa.support.LocalJupyter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notebook proxy in front of a real Jupyter (Debian's jupyter-notebook, started as the notebook's
 * container would run it), with alice and bob logged in through the real Keycloak. The notebooks
 * module is stood in for by {@link Upstreams}: it knows alice's notebook at the Jupyter's base, one that
 * is forbidden and one that is not ready. ADR 0031.
 */
@FederaIntegrationTest
class NotebookProxyIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static final String TOKEN = "tok-" + UUID.randomUUID();
    static final String NB_PREFIX = "/notebook/team-a/alices-nb/";
    static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    static Path work;

    static LocalJupyter jupyter;
    /** A server that must never be reached through the proxy, whatever the request says. */
    static HttpServer decoy;

    static final AtomicInteger decoyHits = new AtomicInteger();

    static String aliceSession;
    static String bobSession;

    @LocalServerPort
    int port;

    /** Stands in for the notebooks module: alice's notebook, one forbidden, one starting. */
    @TestConfiguration
    static class Upstreams {
        @Bean
        @org.springframework.context.annotation.Primary // over the notebooks module's own
        NotebookUpstreams testNotebookUpstreams() {
            return (id, caller) -> resolve(id, caller);
        }
    }

    static NotebookUpstreams.Resolution resolve(String id, CurrentUser caller) {
        return switch (id) {
            case "nb-alice" ->
                caller.username().equals("alice")
                        ? new NotebookUpstreams.Open(jupyter.base(), TOKEN)
                        : new NotebookUpstreams.NotFound();
            case "nb-forbidden" -> new NotebookUpstreams.Forbidden();
            case "nb-starting" -> new NotebookUpstreams.NotReady("Pulling the image jupyter/scipy (about a minute).");
            default -> new NotebookUpstreams.NotFound();
        };
    }

    @BeforeAll
    static void jupyterAndDecoy() throws IOException {
        jupyter = LocalJupyter.started(NB_PREFIX, work.resolve("home"), TOKEN);
        decoy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        decoy.createContext("/", exchange -> {
            decoyHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        decoy.start();
    }

    @AfterAll
    static void stop() {
        if (jupyter != null) {
            jupyter.close();
        }
        if (decoy != null) {
            decoy.stop(0);
        }
    }

    String portal() {
        return "http://localhost:" + port;
    }

    String session(String user) {
        if (user.equals("alice") && aliceSession != null) {
            return aliceSession;
        }
        if (user.equals("bob") && bobSession != null) {
            return bobSession;
        }
        Page page = browser.newPage();
        Browser.logIn(page, portal(), user);
        String id = page.context().cookies(portal()).stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
        page.context().close();
        if (user.equals("alice")) {
            aliceSession = id;
        } else {
            bobSession = id;
        }
        return id;
    }

    static HttpClient http() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    HttpResponse<String> get(String user, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portal() + path)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            request.header("Cookie", "JSESSIONID=" + session(user));
        }
        try (var http = http()) {
            return noToken(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    /** Every answer the browser gets is checked for the upstream token, in headers and body. */
    static <T> HttpResponse<T> noToken(HttpResponse<T> response) {
        assertThat(response.headers().map().toString())
                .as("headers of " + response.uri())
                .doesNotContain(TOKEN);
        if (response.body() instanceof String body) {
            assertThat(body).as("body of " + response.uri()).doesNotContain(TOKEN);
        }
        return response;
    }

    /** Jupyter's XSRF cookie as the proxy hands it to alice (from the tree page). */
    String xsrf() throws Exception {
        var tree = get("alice", "/notebooks/nb-alice/tree");
        return tree.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring("_xsrf=".length(), c.indexOf(';')))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no _xsrf cookie: " + tree.headers().map()));
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portal() + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        try (var http = http()) {
            return noToken(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    Map<String, String> asAlice(String xsrf) {
        return Map.of(
                "Cookie",
                "JSESSIONID=" + session("alice") + "; _xsrf=" + xsrf,
                "Origin",
                portal(),
                "X-XSRFToken",
                xsrf);
    }

    @Test
    void anonymous_pages_go_to_the_login_and_anonymous_api_calls_get_401_never_the_notebook() throws Exception {
        var page = get(null, "/notebooks/nb-alice/tree");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/keycloak");
        var api = get(null, "/notebooks/nb-alice/api/contents");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).doesNotContain("\"content\"");
    }

    @Test
    void the_owner_gets_jupyters_tree_page_with_the_browser_prefix_and_no_upstream_credential() throws Exception {
        var tree = get("alice", "/notebooks/nb-alice/tree");
        assertThat(tree.statusCode()).isEqualTo(200);
        assertThat(tree.body())
                .contains("data-base-url=\"/notebooks/nb-alice/\"")
                .contains("/notebooks/nb-alice/static/")
                .doesNotContain(NB_PREFIX);
        List<String> cookies = tree.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("_xsrf=").contains("Path=/notebooks/nb-alice/"));
        // Jupyter's login cookie (set because the proxy authenticated with the token) is an upstream credential
        assertThat(cookies).noneSatisfy(c -> assertThat(c).startsWith("username-"));
        // the kernel specs' resource URLs (the logo Jupyter's page shows) carry the browser's prefix
        assertThat(get("alice", "/notebooks/nb-alice/api/kernelspecs").body())
                .contains("/notebooks/nb-alice/kernelspecs/python3/")
                .doesNotContain(NB_PREFIX);
        // a static file and the redirect of the bare prefix
        assertThat(get("alice", "/notebooks/nb-alice/static/base/js/utils.js").statusCode())
                .isEqualTo(200);
        // "/notebooks" and "/notebooks/<x>" without the slash are the portal's pages, not the proxy's
        for (String page : List.of("/notebooks", "/notebooks/nb-alice")) {
            var portalPage = get("alice", page);
            assertThat(portalPage.body())
                    .as(page)
                    .doesNotContain("notebook-proxy-message")
                    .doesNotContain("Jupyter");
            assertThat(portalPage.statusCode()).as(page).isNotEqualTo(302);
        }
        var root = get("alice", "/notebooks/nb-alice/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).startsWith("/notebooks/nb-alice/tree");
    }

    @Test
    void contents_api_put_and_get_pass_with_jupyters_xsrf_and_same_origin_and_are_refused_without() throws Exception {
        String xsrf = xsrf();
        String file = "{\"type\":\"file\",\"format\":\"text\",\"content\":\"hello through the proxy\"}";
        var put = send("PUT", "/notebooks/nb-alice/api/contents/hello.txt", file, asAlice(xsrf));
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
        assertThat(put.headers().firstValue("Location")).hasValue("/notebooks/nb-alice/api/contents/hello.txt");
        assertThat(Files.readString(work.resolve("home/hello.txt"))).isEqualTo("hello through the proxy");
        var back = get("alice", "/notebooks/nb-alice/api/contents/hello.txt?content=1");
        assertThat(json.readTree(back.body()).get("content").asString()).isEqualTo("hello through the proxy");

        // a cross-site POST (another origin, or no XSRF token) never reaches Jupyter, session cookie or not
        String evil = "{\"type\":\"file\",\"format\":\"text\",\"content\":\"evil\"}";
        var otherSite = send(
                "PUT",
                "/notebooks/nb-alice/api/contents/evil.txt",
                evil,
                Map.of(
                        "Cookie",
                        "JSESSIONID=" + session("alice") + "; _xsrf=" + xsrf,
                        "Origin",
                        "http://evil.example",
                        "X-XSRFToken",
                        xsrf));
        assertThat(otherSite.statusCode()).isEqualTo(403);
        var noXsrf = send(
                "POST",
                "/notebooks/nb-alice/api/contents",
                "{\"type\":\"notebook\"}",
                Map.of("Cookie", "JSESSIONID=" + session("alice"), "Origin", portal()));
        assertThat(noXsrf.statusCode()).isEqualTo(403);
        assertThat(Files.exists(work.resolve("home/evil.txt"))).isFalse();
        assertThat(Files.exists(work.resolve("home/Untitled.ipynb"))).isFalse();
        // Jupyter's own POST (a new notebook) with its XSRF token passes
        var created = send("POST", "/notebooks/nb-alice/api/contents", "{\"type\":\"notebook\"}", asAlice(xsrf));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("type").asString()).isEqualTo("notebook");
    }

    @Test
    void a_200_mb_upload_streams_through_to_jupyter_and_a_large_download_comes_back_intact() throws Exception {
        String xsrf = xsrf();
        int rawBytes = 150 * 1024 * 1024; // base64 in JSON: a request body of 200 MB
        var digest = MessageDigest.getInstance("SHA-256");
        var request = HttpRequest.newBuilder(URI.create(portal() + "/notebooks/nb-alice/api/contents/big.bin"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new Base64Json(rawBytes, digest)));
        asAlice(xsrf).forEach(request::header);
        HttpResponse<String> put;
        try (var http = http()) {
            put = noToken(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
        Path big = work.resolve("home/big.bin");
        assertThat(Files.size(big)).isEqualTo(rawBytes);
        String sent = HexFormat.of().formatHex(digest.digest());
        assertThat(sha256(Files.newInputStream(big))).isEqualTo(sent);

        var download = HttpRequest.newBuilder(URI.create(portal() + "/notebooks/nb-alice/files/big.bin"))
                .header("Cookie", "JSESSIONID=" + session("alice"))
                .timeout(Duration.ofMinutes(5))
                .build();
        try (var http = http()) {
            var response = http.send(download, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(rawBytes);
            assertThat(sha256(response.body())).isEqualTo(sent);
        }
    }

    @Test
    void a_team_mate_gets_404_an_unknown_notebook_404_a_forbidden_one_403_and_a_starting_one_503_with_why()
            throws Exception {
        var bob = get("bob", "/notebooks/nb-alice/tree");
        assertThat(bob.statusCode()).isEqualTo(404);
        assertThat(bob.body()).doesNotContain("Jupyter");
        assertThat(get("alice", "/notebooks/nb-nothing/tree").statusCode()).isEqualTo(404);
        assertThat(get("alice", "/notebooks/nb-forbidden/tree").statusCode()).isEqualTo(403);
        var starting = get("alice", "/notebooks/nb-starting/tree");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("Pulling the image jupyter/scipy (about a minute).");
    }

    @Test
    void crafted_hosts_ports_absolute_uris_and_path_tricks_never_reach_another_server() throws Exception {
        String decoyAt = "127.0.0.1:" + decoy.getAddress().getPort();
        String session = session("alice");
        // Host and absolute-form request targets name the decoy: the proxy still only knows the recorded base
        for (String target : List.of(
                "/notebooks/nb-alice/api/status",
                "http://" + decoyAt + "/notebooks/nb-alice/api/status",
                "http://" + decoyAt + NB_PREFIX + "api/status")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: " + decoyAt + "\r\nCookie: JSESSIONID=" + session
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).doesNotContain(TOKEN);
        }
        for (String path : List.of(
                "/notebooks/nb-alice/..%2f..%2fapi/status",
                "/notebooks/nb-alice/%2e%2e/%2e%2e/api/status",
                "/notebooks/nb-alice/%2E%2E%2F%2E%2E%2Fapi%2Fstatus",
                "/notebooks/nb-alice//" + decoyAt + "/x",
                "/notebooks/nb-alice/http:%2F%2F" + decoyAt + "/x",
                "/notebooks/nb-alice/@" + decoyAt + "/x",
                "/notebooks/nb-alice/%5c%5c" + decoyAt + "/x",
                "/notebooks/nb-alice/;/../../x",
                "/notebooks/nb-alice/api/contents/..;/..;/x")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nCookie: JSESSIONID="
                    + session + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).doesNotContain(TOKEN).doesNotStartWith("HTTP/1.1 200");
        }
        assertThat(decoyHits).as("requests that reached the decoy").hasValue(0);
    }

    private String raw(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    // ------------------------------------------------------------------------------------------- WebSocket

    @Test
    void a_kernel_runs_21_times_2_and_answers_42_over_the_proxied_websocket() throws Exception {
        String kernel = startKernel();
        try (var channels = JupyterKernels.open(
                channels(kernel), Map.of("Cookie", "JSESSIONID=" + session("alice"), "Origin", portal()))) {
            assertThat(channels.evaluate("21 * 2")).isEqualTo("42");
            assertThat(String.join("\n", channels.frames())).doesNotContain(TOKEN);
        }
    }

    @Test
    void a_websocket_from_another_origin_or_without_origin_or_without_a_session_is_refused() throws Exception {
        String kernel = startKernel();
        for (var headers : List.of(
                Map.of("Cookie", "JSESSIONID=" + session("alice"), "Origin", "http://evil.example"),
                Map.of("Cookie", "JSESSIONID=" + session("alice")),
                Map.of("Origin", portal()))) {
            assertThatThrownBy(() -> JupyterKernels.open(channels(kernel), headers))
                    .as(headers.keySet().toString())
                    .isInstanceOf(CompletionException.class);
        }
    }

    @Test
    void in_chromium_jupyters_own_page_opens_through_the_portal_and_a_cell_runs_21_times_2_to_42() throws Exception {
        Files.writeString(work.resolve("home/ui.ipynb"), """
                {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": []}],
                 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        Page page = browser.newPage();
        var failed = new java.util.concurrent.CopyOnWriteArrayList<String>();
        page.onResponse(r -> {
            // refused (the XSRF and origin checks), broken, or an API call that found nothing (a custom.css
            // that does not exist is a 404 Jupyter gives directly too)
            if (r.status() == 401
                    || r.status() == 403
                    || r.status() >= 500
                    || (r.status() == 404 && r.url().contains("/api/"))) {
                failed.add(r.status() + " " + r.url());
            }
        });
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/notebooks/nb-alice/notebooks/ui.ipynb");
        var long60 = new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(60_000);
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                        page.locator("#kernel_indicator_icon.kernel_idle_icon"))
                .isVisible(long60);
        page.locator(".cell.code_cell .CodeMirror").first().click();
        page.keyboard().type("21 * 2");
        page.keyboard().press("Shift+Enter");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                        page.locator(".output_result pre").first())
                .hasText(
                        "42",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        Browser.screenshot(page, "notebook-proxy-jupyter");
        assertThat(page.content()).doesNotContain(TOKEN);
        assertThat(failed).as("failed requests of Jupyter's page").isEmpty();
        page.context().close();
    }

    URI channels(String kernel) {
        return URI.create("ws://localhost:" + port + "/notebooks/nb-alice/api/kernels/" + kernel
                + "/channels?session_id=" + UUID.randomUUID());
    }

    String startKernel() throws Exception {
        var created = send("POST", "/notebooks/nb-alice/api/kernels", "{\"name\":\"python3\"}", asAlice(xsrf()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    static String sha256(InputStream in) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * {@code {"type":"file","format":"base64","content":"<base64 of n pseudo-random bytes>"}} generated
     * as it is read (nothing of it is held in memory), digesting the raw bytes.
     */
    static final class Base64Json extends InputStream {
        private final byte[] head =
                "{\"type\":\"file\",\"format\":\"base64\",\"content\":\"".getBytes(StandardCharsets.US_ASCII);
        private final byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        private final long total;
        private final MessageDigest digest;
        private long produced;
        private byte[] chunk = new byte[0];
        private int at;
        private int stage; // 0 head, 1 content, 2 tail, 3 done
        private long seed = 42;

        Base64Json(long total, MessageDigest digest) {
            this.total = total;
            this.digest = digest;
            this.chunk = head;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (at >= chunk.length) {
                if (stage == 3) {
                    return -1;
                }
                if (stage == 0 || stage == 1) {
                    if (produced < total) {
                        stage = 1;
                        int n = (int) Math.min(3 * 16 * 1024, total - produced);
                        byte[] rawChunk = new byte[n];
                        for (int i = 0; i < n; i++) {
                            seed = seed * 6364136223846793005L + 1442695040888963407L;
                            rawChunk[i] = (byte) (seed >>> 56);
                        }
                        digest.update(rawChunk);
                        produced += n;
                        chunk = java.util.Base64.getEncoder().encode(rawChunk);
                    } else {
                        stage = 2;
                        chunk = tail;
                    }
                } else {
                    stage = 3;
                    chunk = new byte[0];
                }
                at = 0;
            }
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }
    }
}

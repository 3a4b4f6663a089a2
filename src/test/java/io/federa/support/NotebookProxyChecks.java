package io.federa.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What issue 14's browser tests check of a notebook opened through the portal's proxy, the same on
 * either kind: a cell runs over the proxied kernel WebSocket; a path crafted to name another host
 * and port reaches only the notebook's own Jupyter.
 */
public final class NotebookProxyChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String portal;
    private final int port;

    /** {@code port}: the portal's (its address is http://localhost:port). */
    public NotebookProxyChecks(int port) {
        this.portal = "http://localhost:" + port;
        this.port = port;
    }

    /** The page's portal session cookie. */
    public String session(Page page) {
        return page.context().cookies(portal).stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
    }

    /** One plain HTTP/1.1 request to the portal, redirects not followed. */
    public HttpResponse<String> send(String method, String path, @Nullable String body, Map<String, String> headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portal + path))
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

    /** The status of a GET of {@code path} with {@code page}'s session. */
    public int statusFor(Page page, String path) throws Exception {
        return send("GET", path, null, Map.of("Cookie", "JSESSIONID=" + session(page)))
                .statusCode();
    }

    /**
     * With Jupyter's page open in {@code owner} (its XSRF cookie set, scoped by the proxy to the
     * notebook's path): starts a kernel through the proxy and evaluates {@code 21 * 2} over the
     * proxied WebSocket.
     */
    public void runsACell(Page owner, String id) throws Exception {
        String session = session(owner);
        String xsrf = owner.context().cookies(portal + "/notebooks/" + id + "/").stream()
                .filter(c -> c.name.equals("_xsrf"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
        var headers = Map.of(
                "Cookie",
                "JSESSIONID=" + session + "; _xsrf=" + xsrf,
                "Origin",
                portal,
                "X-XSRFToken",
                xsrf,
                "Content-Type",
                "application/json");
        var created = send("POST", "/notebooks/" + id + "/api/kernels", "{\"name\":\"python3\"}", headers);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String kernel = JSON.readTree(created.body()).get("id").asString();
        try (var channels = JupyterKernels.open(
                URI.create("ws://localhost:" + port + "/notebooks/" + id + "/api/kernels/" + kernel
                        + "/channels?session_id=" + UUID.randomUUID()),
                Map.of("Cookie", "JSESSIONID=" + session, "Origin", portal))) {
            assertThat(channels.evaluate("21 * 2")).isEqualTo("42");
        }
    }

    /** A path that names another host and port still goes to the owner's Jupyter only (its 404). */
    public void craftedHostAndPortGoNowhere(Page owner, String id) throws Exception {
        var crafted = send(
                "GET",
                "/notebooks/" + id + "/@127.0.0.1:" + port + "/api/notebooks",
                null,
                Map.of("Cookie", "JSESSIONID=" + session(owner)));
        assertThat(crafted.statusCode()).isEqualTo(404);
        assertThat(crafted.body()).doesNotContain("\"id\"");
    }
}

package io.federa.notebooks.internal.proxy;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.notebooks.internal.proxy.NotebookUpstreams.Forbidden;
import io.federa.notebooks.internal.proxy.NotebookUpstreams.NotFound;
import io.federa.notebooks.internal.proxy.NotebookUpstreams.NotReady;
import io.federa.notebooks.internal.proxy.NotebookUpstreams.Open;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.util.HtmlUtils;

/**
 * The HTTP side of the notebook proxy: {@code /notebooks/<id>/<rest>} → {@code <base><rest>} of the
 * notebook's recorded upstream, streamed both ways (no body is held in memory), with the upstream's
 * token added and kept from the browser. WebSocket upgrades are handed to {@link NotebookWebSockets}.
 * Requests reach it only through the proxy's security chain (a logged-in session). See
 * docs/adr/0031-notebook-proxy.md.
 */
class NotebookProxyServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(NotebookProxyServlet.class);

    /** Hop-by-hop headers (RFC 9110 7.6.1): never passed on, either way. */
    static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    /** Besides those: what the proxy sets itself towards Jupyter, or must not pass on to it. */
    static final Set<String> REQUEST_HEADERS_DROPPED = union(
            HOP_BY_HOP,
            "host",
            "content-length",
            "expect",
            "authorization",
            "cookie",
            "origin",
            "referer",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-port",
            "x-forwarded-proto",
            "x-forwarded-prefix",
            "x-real-ip",
            "accept-encoding",
            "http2-settings",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-extensions",
            "sec-websocket-protocol");

    /** Besides those: what the proxy sets itself towards the browser, or what the portal's own headers replace. */
    static final Set<String> RESPONSE_HEADERS_DROPPED = union(
            HOP_BY_HOP,
            "content-length",
            "set-cookie",
            "location",
            "server",
            "date",
            ":status",
            "content-security-policy",
            "content-security-policy-report-only",
            "access-control-allow-origin",
            "access-control-allow-credentials",
            "strict-transport-security");

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ObjectProvider<NotebookUpstreams> upstreams;
    private final CurrentUsers users;
    private final HttpClient http;
    private final NotebookProxyProperties properties;
    private final NotebookWebSockets webSockets;

    NotebookProxyServlet(
            ObjectProvider<NotebookUpstreams> upstreams,
            CurrentUsers users,
            HttpClient http,
            NotebookProxyProperties properties,
            NotebookWebSockets webSockets) {
        this.upstreams = upstreams;
        this.users = users;
        this.http = http;
        this.properties = properties;
        this.webSockets = webSockets;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (!ProxyPaths.proxied(raw)) {
            // "/notebooks" and "/notebooks/<x>" are the portal's pages (the servlet mapping also catches them)
            request.getServletContext().getNamedDispatcher("dispatcherServlet").forward(request, response);
            return;
        }
        Optional<ProxyPaths.Parsed> parsed = ProxyPaths.parse(raw);
        if (parsed.isEmpty() || parsed.get().rest() == null) {
            page(response, 404, "Not found", "There is no such notebook.");
            return;
        }
        ProxyPaths.Parsed p = parsed.get();
        Optional<CurrentUser> caller = users.current();
        if (caller.isEmpty()) {
            page(response, 401, "Log in", "Log in to the portal to open a notebook.");
            return;
        }
        // none until the notebooks module provides one: every notebook is then not found
        NotebookUpstreams resolver = upstreams.getIfAvailable();
        var resolution = resolver == null ? new NotFound() : resolver.resolve(p.id(), caller.get());
        switch (resolution) {
            case NotFound n -> page(response, 404, "Not found", "There is no such notebook.");
            case Forbidden f ->
                page(response, 403, "Not allowed", "This notebook is not yours, and its owner has not shared it.");
            case NotReady n -> {
                response.setHeader("Retry-After", "5");
                page(response, 503, "Notebook not ready", n.why());
            }
            case Open open -> proxy(request, response, p, open);
        }
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response, ProxyPaths.Parsed p, Open open)
            throws IOException {
        Optional<URI> target = ProxyPaths.target(open.base(), p.rest(), request.getQueryString());
        if (target.isEmpty()) {
            page(response, 400, "Bad request", "This path does not lead into the notebook.");
            return;
        }
        String browserPrefix = p.browserPrefix(request.getContextPath());
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            webSockets.upgrade(request, response, target.get(), open, browserPrefix);
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!SAFE_METHODS.contains(method)) {
            Optional<String> refused = CrossSite.refusal(request);
            if (refused.isPresent()) {
                page(response, 403, "Refused", refused.get());
                return;
            }
        }
        HttpRequest upstream = upstreamRequest(request, method, target.get(), open);
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(upstream, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpTimeoutException e) {
            log.info("notebook {} does not answer at {}: {}", p.id(), open.base(), e.toString());
            page(response, 502, "Notebook not answering", "The notebook's server does not answer. Try again shortly.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            page(response, 502, "Notebook not answering", "The request was interrupted.");
            return;
        }
        respond(answer, response, open, browserPrefix, method);
    }

    private HttpRequest upstreamRequest(HttpServletRequest request, String method, URI target, Open open)
            throws IOException {
        var builder = HttpRequest.newBuilder(target).timeout(properties.responseTimeout());
        Set<String> named = connectionHeaders(request.getHeaders("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (REQUEST_HEADERS_DROPPED.contains(lower) || named.contains(lower)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                builder.header(name, value);
            }
        }
        // the browser's cookies are the portal's (its session among them): only Jupyter's XSRF cookie goes on
        String xsrf = xsrfCookie(request);
        if (xsrf != null) {
            builder.header("Cookie", "_xsrf=" + xsrf);
        }
        builder.setHeader("Authorization", "token " + open.token());
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        HttpRequest.BodyPublisher body;
        if (length > 0) {
            InputStream in = request.getInputStream();
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length);
        } else if (chunked) {
            InputStream in = request.getInputStream();
            body = HttpRequest.BodyPublishers.ofInputStream(() -> in);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        return builder.method(method, body).build();
    }

    private void respond(
            HttpResponse<InputStream> answer,
            HttpServletResponse response,
            Open open,
            String browserPrefix,
            String method)
            throws IOException {
        response.setStatus(answer.statusCode());
        Map<String, List<String>> headers = answer.headers().map();
        Set<String> named = connectionHeaders(Collections.enumeration(headers.getOrDefault("connection", List.of())));
        String mask = Replacing.mask(open.token());
        for (var e : headers.entrySet()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (RESPONSE_HEADERS_DROPPED.contains(lower) || named.contains(lower)) {
                continue;
            }
            for (String value : e.getValue()) {
                response.addHeader(e.getKey(), value.replace(open.token(), mask));
            }
        }
        answer.headers()
                .firstValue("Location")
                .ifPresent(l -> response.setHeader(
                        "Location",
                        ProxyPaths.location(l, open.base(), browserPrefix).replace(open.token(), mask)));
        for (String cookie : answer.headers().allValues("Set-Cookie")) {
            String c = ProxyPaths.setCookie(cookie, open.token(), browserPrefix);
            if (c != null) {
                response.addHeader("Set-Cookie", c);
            }
        }
        String type = answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        boolean html = type.startsWith("text/html");
        OptionalLong length = answer.headers().firstValueAsLong("Content-Length");
        if (!html && length.isPresent()) {
            response.setContentLengthLong(length.getAsLong()); // the token mask keeps the length
        }
        try (InputStream in = answer.body()) {
            if ("HEAD".equals(method) || answer.statusCode() == 204 || answer.statusCode() == 304) {
                return;
            }
            var replacements = new LinkedHashMap<String, String>();
            replacements.put(open.token(), mask);
            if (html) {
                // Jupyter writes its base path into its pages (data-base-url, static URLs): the browser's is ours
                replacements.put(open.base().getRawPath(), browserPrefix);
            }
            OutputStream out = response.getOutputStream();
            var replacing = new Replacing(out, replacements);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                replacing.write(buffer, 0, n);
                if (in.available() == 0) {
                    replacing.flush(); // streamed answers (progress, events) reach the browser as they come
                }
            }
            replacing.finish();
        }
    }

    static @Nullable String xsrfCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals("_xsrf")) {
                return c.getValue();
            }
        }
        return null;
    }

    private static Set<String> connectionHeaders(java.util.Enumeration<String> values) {
        var named = new TreeSet<String>();
        for (String v : Collections.list(values)) {
            for (String token : v.split(",")) {
                named.add(token.strip().toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }

    private static Set<String> union(Set<String> base, String... more) {
        var all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** A plain page in words (the proxy's own answers; never an upstream's body). */
    static void page(HttpServletResponse response, int status, String title, String text) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(title) + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title)
                + "</h1><p id=\"notebook-proxy-message\">" + HtmlUtils.htmlEscape(text)
                + "</p><p><a href=\"/notebooks\">Back to the notebooks</a></p></body></html>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

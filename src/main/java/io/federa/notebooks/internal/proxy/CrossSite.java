package io.federa.notebooks.internal.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's cross-site request checks. Jupyter skips its own XSRF check for token-authenticated
 * requests, and every proxied request is token-authenticated (the proxy adds the token), so the proxy
 * does the check for it: a state-changing request must come from the portal's own origin ({@code
 * Origin}, or {@code Sec-Fetch-Site: same-origin} when a browser sends no Origin) and carry Jupyter's
 * double-submit token ({@code X-XSRFToken} equal to the {@code _xsrf} cookie, which Jupyter's pages
 * send on every API call). A WebSocket upgrade must come from the portal's origin. ADR 0031.
 */
final class CrossSite {

    private CrossSite() {}

    /** Why a state-changing request is refused, or empty when it may pass. */
    static Optional<String> refusal(HttpServletRequest request) {
        Optional<String> origin = originRefusal(request, true);
        if (origin.isPresent()) {
            return origin;
        }
        String cookie = NotebookProxyServlet.xsrfCookie(request);
        String header = request.getHeader("X-XSRFToken");
        if (header == null) {
            header = request.getHeader("X-CSRFToken");
        }
        if (cookie == null || cookie.isEmpty() || !cookie.equals(header)) {
            return Optional.of(
                    "This request lacks the notebook's XSRF token (the _xsrf cookie sent back as X-XSRFToken).");
        }
        return Optional.empty();
    }

    /**
     * Empty when the request's {@code Origin} is the portal's own (the origin the browser addressed
     * this request to); {@code fetchSiteWillDo}: a missing Origin passes when the browser said {@code
     * Sec-Fetch-Site: same-origin}.
     */
    static Optional<String> originRefusal(HttpServletRequest request, boolean fetchSiteWillDo) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            if (fetchSiteWillDo && "same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
                return Optional.empty();
            }
            return Optional.of("This request does not say where it comes from (no Origin header).");
        }
        return sameOrigin(origin, request) ? Optional.empty() : Optional.of("Requests from another site are refused.");
    }

    static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI o;
        try {
            o = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null) {
            return false;
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        return o.getScheme().equalsIgnoreCase(scheme)
                && o.getHost().equalsIgnoreCase(request.getServerName())
                && port(o.getPort(), o.getScheme()) == port(request.getServerPort(), scheme)
                && (o.getRawPath() == null || o.getRawPath().isEmpty());
    }

    private static int port(int port, @Nullable String scheme) {
        if (port > 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}

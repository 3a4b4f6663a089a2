package io.federa.notebooks.internal.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The mapping between the browser's {@code /notebooks/<id>/<rest>} and the upstream's {@code
 * <base><rest>}, and the checks that keep the upstream the recorded base: {@code rest} may not climb
 * out of the base ({@code ..}, encoded or not), may not carry encoded slashes or backslashes, and may
 * not be an authority ({@code //host}) or an absolute URI; the result is checked once more to have the
 * base's scheme, host, port and path prefix. See docs/adr/0031-notebook-proxy.md.
 */
final class ProxyPaths {

    static final String PREFIX = "/notebooks/";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private ProxyPaths() {}

    /** A request path split into the notebook id and the raw (still encoded) rest after its '/'. */
    record Parsed(String id, @Nullable String rest) {

        /** The browser's prefix of this notebook, {@code /notebooks/<id>/}. */
        String browserPrefix(String contextPath) {
            return contextPath + PREFIX + id + "/";
        }
    }

    /**
     * Whether the proxy owns this raw path: {@code /notebooks/<id>/…}, with the slash after the id.
     * {@code /notebooks} and {@code /notebooks/<x>} are left to the portal's pages.
     */
    static boolean proxied(String rawPath) {
        return rawPath.startsWith(PREFIX) && rawPath.indexOf('/', PREFIX.length()) > 0;
    }

    /**
     * Splits the raw request URI (without the context path); empty when the id is not one the portal
     * makes. {@code rest} is null for {@code /notebooks/<id>} without the trailing slash.
     */
    static Optional<Parsed> parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String after = rawPath.substring(PREFIX.length());
        int slash = after.indexOf('/');
        String id = slash < 0 ? after : after.substring(0, slash);
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(id, slash < 0 ? null : after.substring(slash + 1)));
    }

    /**
     * {@code base + rest (+ '?' + query)}, or empty when {@code rest} tries to leave the base. Nothing
     * of the request but the path below the notebook and the query reaches the upstream URI.
     */
    static Optional<URI> target(URI base, String rest, @Nullable String rawQuery) {
        if (!safeRest(rest) || (rawQuery != null && !safeQuery(rawQuery))) {
            return Optional.empty();
        }
        String joined = base.toString() + rest + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        URI uri;
        try {
            uri = new URI(joined);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        boolean same = uri.getScheme().equalsIgnoreCase(base.getScheme())
                && base.getRawAuthority().equals(uri.getRawAuthority())
                && uri.getRawPath() != null
                && uri.getRawPath().startsWith(base.getRawPath())
                && uri.getRawFragment() == null
                && uri.normalize().getRawPath().equals(uri.getRawPath());
        return same ? Optional.of(uri) : Optional.empty();
    }

    private static boolean safeRest(String rest) {
        if (rest.startsWith("/") || rest.indexOf('\\') >= 0 || rest.indexOf('#') >= 0) {
            return false;
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        // encoded '/', '\', '%' (double encoding), NUL: a path segment must mean what it says
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25") || lower.contains("%00")) {
            return false;
        }
        String[] segments = rest.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i].replace("%2e", ".").replace("%2E", ".");
            int semicolon = s.indexOf(';');
            if (semicolon >= 0) {
                s = s.substring(0, semicolon);
            }
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && i < segments.length - 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean safeQuery(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code Location} from the upstream as the browser must see it: the upstream's base (absolute or
     * as a path) becomes the notebook's browser prefix, and a {@code token} query parameter is dropped.
     * A location elsewhere is kept as it is.
     */
    static String location(String location, URI base, String browserPrefix) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return browserPrefix;
        }
        if (uri.isAbsolute()) {
            if (!uri.getScheme().equalsIgnoreCase(base.getScheme())
                    || !base.getRawAuthority().equalsIgnoreCase(String.valueOf(uri.getRawAuthority()))) {
                return location;
            }
        } else if (uri.getRawAuthority() != null) {
            return location;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String basePath = base.getRawPath();
        String mapped;
        if (path.startsWith(basePath)) {
            mapped = browserPrefix + path.substring(basePath.length());
        } else if (path.equals(basePath.substring(0, basePath.length() - 1))) {
            mapped = browserPrefix;
        } else if (uri.isAbsolute() || path.startsWith("/")) {
            // an upstream path outside its base does not exist behind the proxy
            mapped = browserPrefix;
        } else {
            mapped = path; // relative: the browser resolves it against the proxied URL, as it should
        }
        String query = withoutToken(uri.getRawQuery());
        return mapped
                + (query == null ? "" : "?" + query)
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    static @Nullable String withoutToken(@Nullable String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        var kept = new ArrayList<String>();
        for (String part : rawQuery.split("&")) {
            if (!part.equals("token") && !part.startsWith("token=")) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    /**
     * An upstream {@code Set-Cookie} as the browser may get it, or null when it must not reach the
     * browser: Jupyter's login cookie ({@code username-…}, a credential for the upstream itself) and any
     * cookie that carries the token. The rest is scoped to the notebook's browser prefix.
     */
    static @Nullable String setCookie(String header, String token, String browserPrefix) {
        if (header.contains(token)) {
            return null;
        }
        String[] parts = header.split(";");
        String nameValue = parts[0].strip();
        int eq = nameValue.indexOf('=');
        String name = eq < 0 ? nameValue : nameValue.substring(0, eq);
        if (name.isEmpty() || name.startsWith("username-") || name.equalsIgnoreCase("JSESSIONID")) {
            return null;
        }
        var out = new StringBuilder(nameValue);
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip();
            String lower = attribute.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=") || lower.startsWith("domain=") || attribute.isEmpty()) {
                continue;
            }
            out.append("; ").append(attribute);
        }
        return out.append("; Path=").append(browserPrefix).toString();
    }
}

package io.federa.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The REST API's one error format: RFC 9457 {@code application/problem+json} with {@code type},
 * {@code title}, {@code status} and {@code detail} (plus {@code problems} when there are several).
 * Controllers let exceptions escape and the global advice answers; servlet filters and security
 * entry points, which run before any controller, write through {@link #write}. See
 * docs/adr/0020-rest-api-tokens-problems-openapi.md.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:federa:problem:";

    private Problems() {}

    /** A problem of {@code status} whose type is {@code urn:federa:problem:<slug>}. */
    public static ProblemDetail of(int status, String slug, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(HttpStatus.valueOf(status).getReasonPhrase());
        return problem;
    }

    /** {@code QuotaExceededException} → {@code quota-exceeded}. */
    public static String slugOf(Class<?> type) {
        String name = type.getSimpleName().replaceFirst("Exception$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** {@code "NOT FOUND"} or {@code "Not found"} → {@code not-found}. */
    public static String slugOf(String words) {
        return words.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Writes a problem straight to a servlet response (filters, security entry points). */
    public static void write(HttpServletResponse response, int status, String slug, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String body = "{\"type\":\"" + json(TYPE_PREFIX + slug) + "\",\"title\":\""
                + json(HttpStatus.valueOf(status).getReasonPhrase()) + "\",\"status\":" + status + ",\"detail\":\""
                + json(detail) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(String s) {
        var out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

package io.federa.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a page load before Vaadin bootstraps it, with a real HTTP status and a plain page that
 * explains it. Vaadin answers every page load with 200 and routes on the client, so filters that
 * refuse a page (docs/adr/0004-forbidden-pages-answer-403.md) answer through here; the views show
 * the same words on in-app navigation.
 */
public final class PlainPages {

    private PlainPages() {}

    /** The request's path inside the servlet context, e.g. {@code /runs/r-…}. */
    public static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** A browser loading a page: a GET that accepts HTML (not an XHR, a resource or an API call). */
    public static boolean isHtmlPageLoad(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
    }

    /**
     * Writes a standalone page with {@code status}: a {@code <main id=mainId>} holding an {@code <h2>}
     * of {@code title} and {@code bodyHtml}. {@code bodyHtml} is written as is: escape any user input
     * in it (Spring's {@code HtmlUtils.htmlEscape}).
     */
    public static void answer(HttpServletResponse response, int status, String mainId, String title, String bodyHtml)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · Federa</title>
                <link rel="stylesheet" href="/styles/federa.css"></head>
                <body class="federa-standalone"><main id="%s">
                <h2>%s</h2>
                %s</main></body></html>
                """.formatted(title, mainId, title, bodyHtml);
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}

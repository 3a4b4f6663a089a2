package io.federa.shell;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.auth.AccessAnnotationChecker;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers HTTP 403 with a plain "not allowed" page when a logged-in user loads a page whose view
 * their roles do not allow.
 *
 * <p>Vaadin bootstraps every page with a 200 and routes on the client, so without this a forbidden
 * URL would only show {@link NotAllowedView} inside a 200 response. The decision is taken from the
 * view's own security annotation ({@code @RolesAllowed}, {@code @PermitAll}) through Vaadin's
 * {@link AccessAnnotationChecker}, so there is no second list of URL rules to keep in step.
 * In-app navigation (no page load) still ends on {@link NotAllowedView}.
 */
@Component
class PageAccessFilter extends OncePerRequestFilter {

    private final AccessAnnotationChecker checker = new AccessAnnotationChecker();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return !"GET".equals(request.getMethod())
                || request.getUserPrincipal() == null
                || accept == null
                || !accept.contains("text/html")
                || HandlerHelper.isFrameworkInternalRequest("/*", request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = HandlerHelper.getRequestPathInsideContext(request);
        String route = path.startsWith("/") ? path.substring(1) : path;
        var registry = ApplicationRouteRegistry.getInstance(new VaadinServletContext(request.getServletContext()));
        var target = registry.getNavigationTarget(route);
        if (target.isPresent() && !checker.hasAccess(target.get(), request)) {
            notAllowed(response, path);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void notAllowed(HttpServletResponse response, String path) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Not allowed · Federa</title>
                <link rel="stylesheet" href="/styles/federa.css"></head>
                <body class="federa-standalone"><main id="not-allowed">
                <h2>Not allowed</h2>
                <p>Your roles do not allow you to open “%s”. If you need it, ask a portal administrator
                for the role that grants it.</p>
                <p><a href="/">Back to my teams</a></p>
                </main></body></html>
                """.formatted(HtmlUtils.htmlEscape(path));
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}

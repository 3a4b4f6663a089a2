package io.federa.shell;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.auth.AccessAnnotationChecker;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import io.federa.shared.AuditEvents;
import io.federa.shared.PlainPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    private final AuditEvents audit;

    PageAccessFilter(AuditEvents audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PlainPages.isHtmlPageLoad(request)
                || request.getUserPrincipal() == null
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
            audit.refused("GET /" + route, "the page needs a role the user does not have");
            notAllowed(response, path);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void notAllowed(HttpServletResponse response, String path) throws IOException {
        PlainPages.answer(response, HttpServletResponse.SC_FORBIDDEN, "not-allowed", "Not allowed", """
                <p>Your roles do not allow you to open “%s”. If you need it, ask a portal administrator
                for the role that grants it.</p>
                <p><a href="/">Back to my teams</a></p>
                """.formatted(
                        HtmlUtils.htmlEscape(path)));
    }
}

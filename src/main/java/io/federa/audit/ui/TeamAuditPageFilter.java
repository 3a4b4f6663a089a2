package io.federa.audit.ui;

import io.federa.audit.AuditLog;
import io.federa.shared.AuditEvents;
import io.federa.shared.PlainPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page load of {@code /audit} by someone who administers no team answers 403 with a plain page
 * (docs/adr/0004-forbidden-pages-answer-403.md): the view's own annotation lets every logged-in user
 * through, because team admins have no role of their own.
 */
@Component
class TeamAuditPageFilter extends OncePerRequestFilter {

    private final AuditLog log;
    private final AuditEvents audit;

    TeamAuditPageFilter(AuditLog log, AuditEvents audit) {
        this.log = log;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PlainPages.path(request);
        return !PlainPages.isHtmlPageLoad(request)
                || request.getUserPrincipal() == null
                || request.getParameter("v-r") != null
                || !(path.equals("/audit") || path.equals("/audit/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (log.mayRead()) {
            chain.doFilter(request, response);
            return;
        }
        audit.refused("GET /audit", "the audit log is for portal admins and team admins");
        PlainPages.answer(response, HttpServletResponse.SC_FORBIDDEN, "not-allowed", "Not allowed", """
                <p>The audit log is for portal admins and for the admins of a team.</p>
                <p><a href="/">Back to my teams</a></p>
                """);
    }
}

package io.federa.usage.ui;

import io.federa.identity.CurrentUsers;
import io.federa.shared.PlainPages;
import io.federa.tenancy.TeamDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers a page load of {@code /usage?team=X} with HTTP 403 and a plain "not allowed" page when the
 * user may not act for team X, before Vaadin bootstraps the page (which would answer 200; ADR 4). The
 * view checks the same and never reads that team's data, so in-app navigation ends on the "not
 * allowed" view too.
 */
@Component
class UsagePageAccessFilter extends OncePerRequestFilter {

    private final CurrentUsers currentUsers;
    private final TeamDirectory teams;

    UsagePageAccessFilter(CurrentUsers currentUsers, TeamDirectory teams) {
        this.currentUsers = currentUsers;
        this.teams = teams;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PlainPages.path(request);
        return !"GET".equals(request.getMethod())
                || !(path.equals("/usage") || path.equals("/usage/"))
                || request.getUserPrincipal() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String team = request.getParameter("team");
        if (team != null
                && !team.isBlank()
                && currentUsers
                        .current()
                        .map(u -> !teams.mayActFor(u, team.trim()))
                        .orElse(true)) {
            notAllowed(response, team.trim());
            return;
        }
        chain.doFilter(request, response);
    }

    private static void notAllowed(HttpServletResponse response, String team) throws IOException {
        PlainPages.answer(response, HttpServletResponse.SC_FORBIDDEN, "not-allowed", "Not allowed", """
                <p>You may not see the usage of team “%s”: only its members and portal administrators may.
                If you work for that team, ask a portal administrator to add you to it.</p>
                <p><a href="/usage">My teams' usage</a> · <a href="/">Back to my teams</a></p>
                """.formatted(
                        HtmlUtils.htmlEscape(team)));
    }
}

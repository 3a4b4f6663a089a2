package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.identity.PageGuard;
import io.federa.shared.PlainPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks the {@link PageGuard} of a page load's path whether the signed-in person may load it, and
 * answers its refusal as a plain page. Runs after Spring Security; a request without a signed-in
 * person passes (the login redirect happens elsewhere), and so do Vaadin's own requests ({@code v-r}).
 */
@Component
class PageGuardFilter extends OncePerRequestFilter {

    private final List<PageGuard> guards;
    private final CurrentUsers currentUsers;

    PageGuardFilter(List<PageGuard> guards, CurrentUsers currentUsers) {
        this.guards = List.copyOf(guards);
        this.currentUsers = currentUsers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PlainPages.isHtmlPageLoad(request)
                || request.getParameter("v-r") != null
                || guardOf(PlainPages.path(request)) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = PlainPages.path(request);
        PageGuard guard = guardOf(path);
        Optional<CurrentUser> user = currentUsers.current();
        PageGuard.Refusal refusal = guard == null || user.isEmpty() ? null : guard.refusal(user.get(), path, request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        PlainPages.answer(response, refusal.status(), refusal.mainId(), refusal.title(), refusal.bodyHtml());
    }

    private @Nullable PageGuard guardOf(String path) {
        for (PageGuard guard : guards) {
            if (guard.guards(path)) {
                return guard;
            }
        }
        return null;
    }
}

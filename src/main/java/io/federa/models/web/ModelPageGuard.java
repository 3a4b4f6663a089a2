package io.federa.models.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.ModelRegistry;
import io.federa.models.Promotions;
import io.federa.shared.PlainPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * As runs' page filters do (ADR 27): a page load of a model, a model's environment or a promotion
 * request the user may not see — another team's, or none at all, alike — answers HTTP 404 with a
 * plain page, instead of Vaadin's 200 with "No such model" (which in-app navigation still shows).
 */
@Component
class ModelPagesFilter extends OncePerRequestFilter {

    private static final Pattern MODEL_PAGE = Pattern.compile("/models/([0-9]{1,18})(/environments/[^/]+)?/?");
    private static final Pattern REQUEST_PAGE = Pattern.compile("/promotions/([0-9]{1,18})/?");

    private final ModelRegistry registry;
    private final Promotions promotions;
    private final CurrentUsers currentUsers;

    ModelPagesFilter(ModelRegistry registry, Promotions promotions, CurrentUsers currentUsers) {
        this.registry = registry;
        this.promotions = promotions;
        this.currentUsers = currentUsers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PlainPages.path(request);
        return !PlainPages.isHtmlPageLoad(request)
                || request.getParameter("v-r") != null
                || !(MODEL_PAGE.matcher(path).matches()
                        || REQUEST_PAGE.matcher(path).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<CurrentUser> user = currentUsers.current();
        if (user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String path = PlainPages.path(request);
        var model = MODEL_PAGE.matcher(path);
        if (model.matches()) {
            if (registry.find(user.get(), Long.parseLong(model.group(1))).isPresent()) {
                chain.doFilter(request, response);
                return;
            }
            PlainPages.answer(response, HttpServletResponse.SC_NOT_FOUND, "model", "No such model", """
                    <p>There is no model with that id that you may see.</p>
                    <p><a href="/models">All models</a></p>
                    """);
            return;
        }
        var req = REQUEST_PAGE.matcher(path);
        if (req.matches()
                && promotions.find(user.get(), Long.parseLong(req.group(1))).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        PlainPages.answer(response, HttpServletResponse.SC_NOT_FOUND, "promotions", "No such request", """
                <p>There is no promotion request with that id that you may see.</p>
                <p><a href="/promotions">All promotion requests</a></p>
                """);
    }
}

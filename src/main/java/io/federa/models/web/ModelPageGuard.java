package io.federa.models.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.PageGuard;
import io.federa.models.ModelRegistry;
import io.federa.models.Promotions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * As runs' page guards do (ADR 27): a page load of a model, a model's environment or a promotion
 * request the user may not see — another team's, or none at all, alike — answers HTTP 404 with a
 * plain page ({@link PageGuard}), instead of Vaadin's 200 with "No such model" (which in-app
 * navigation still shows).
 */
@Component
class ModelPageGuard implements PageGuard {

    private static final Pattern MODEL_PAGE = Pattern.compile("/models/([0-9]{1,18})(/environments/[^/]+)?/?");
    private static final Pattern REQUEST_PAGE = Pattern.compile("/promotions/([0-9]{1,18})/?");

    private final ModelRegistry registry;
    private final Promotions promotions;

    ModelPageGuard(ModelRegistry registry, Promotions promotions) {
        this.registry = registry;
        this.promotions = promotions;
    }

    @Override
    public boolean guards(String path) {
        return MODEL_PAGE.matcher(path).matches() || REQUEST_PAGE.matcher(path).matches();
    }

    @Override
    public @Nullable Refusal refusal(CurrentUser user, String path, HttpServletRequest request) {
        var model = MODEL_PAGE.matcher(path);
        if (model.matches()) {
            return registry.find(user, Long.parseLong(model.group(1))).isPresent()
                    ? null
                    : Refusal.notFound("model", "No such model", """
                            <p>There is no model with that id that you may see.</p>
                            <p><a href="/models">All models</a></p>
                            """);
        }
        var req = REQUEST_PAGE.matcher(path);
        if (req.matches() && promotions.find(user, Long.parseLong(req.group(1))).isPresent()) {
            return null;
        }
        return Refusal.notFound("promotions", "No such request", """
                <p>There is no promotion request with that id that you may see.</p>
                <p><a href="/promotions">All promotion requests</a></p>
                """);
    }
}

package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.PageGuard;
import io.federa.runs.Sweeps;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What {@link RunPageGuard} does for runs, for a sweep's page ({@code /sweeps/<id>}): a page load of
 * one the user may not see — another team's, or none at all, alike — answers HTTP 404 with a plain
 * page instead of Vaadin's 200 and a "No such sweep" view (its main element has the view's id, so both
 * read alike). Found by the isolation matrix (ADR 27).
 */
@Component
class SweepPageGuard implements PageGuard {

    private static final Pattern SWEEP_PAGE = Pattern.compile("/sweeps/([^/]+)/?");

    private final Sweeps sweeps;

    SweepPageGuard(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public boolean guards(String path) {
        var sweep = SWEEP_PAGE.matcher(path);
        return sweep.matches() && !sweep.group(1).equals("new");
    }

    @Override
    public @Nullable Refusal refusal(CurrentUser user, String path, HttpServletRequest request) {
        var sweep = SWEEP_PAGE.matcher(path);
        if (sweep.matches() && sweeps.find(user, sweep.group(1)).isPresent()) {
            return null;
        }
        return Refusal.notFound("sweep", "No such sweep", """
                <p>There is no sweep with that id that you may see.</p>
                <p><a href="/sweeps/new">New sweep</a></p>
                """);
    }
}

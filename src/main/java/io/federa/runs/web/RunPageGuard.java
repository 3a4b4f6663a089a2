package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.PageGuard;
import io.federa.runs.Runs;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A page load of a run ({@code /runs/<id>}) or a comparison ({@code /runs/compare?ids=…}) that
 * includes a run the user may not see answers HTTP 404 with a plain "No such run" page
 * ({@link PageGuard}); without this a bookmark of another team's run would load "successfully" and
 * only then say "No such run". Another team's run and a run that does not exist answer the same, so
 * ids cannot be probed. A comparison of more than {@link Runs#MAX_COMPARE} runs answers 400 before
 * any run is looked up; the others are checked in one query.
 */
@Component
class RunPageGuard implements PageGuard {

    private static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[a-z2-7]{12})/?");
    private static final String COMPARE_PAGE = "/runs/compare";

    private final Runs runs;

    RunPageGuard(Runs runs) {
        this.runs = runs;
    }

    @Override
    public boolean guards(String path) {
        return path.startsWith("/runs/r-") || path.equals(COMPARE_PAGE) || path.equals(COMPARE_PAGE + "/");
    }

    @Override
    public @Nullable Refusal refusal(CurrentUser user, String path, HttpServletRequest request) {
        var run = RUN_PAGE.matcher(path);
        boolean visible;
        if (run.matches()) {
            visible = runs.find(user, run.group(1)).isPresent();
        } else {
            String ids = request.getParameter("ids");
            // a malformed or too short list is the page's to explain; unseen runs and too many are refused here
            List<String> wanted = ids == null
                    ? List.of()
                    : Arrays.stream(ids.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .distinct()
                            .toList();
            if (wanted.size() > Runs.MAX_COMPARE) {
                return new Refusal(
                        400,
                        "too-many-runs",
                        "Too many runs",
                        "<p>A comparison shows at most " + Runs.MAX_COMPARE + " runs; this link names " + wanted.size()
                                + ".</p>\n<p><a href=\"/runs\">All runs</a></p>\n");
            }
            visible = runs.visible(user, wanted).containsAll(wanted);
        }
        return visible ? null : Refusal.notFound("no-such-run", "No such run", """
                <p>There is no run with that id that you may see.</p>
                <p><a href="/runs">All runs</a></p>
                """);
    }
}

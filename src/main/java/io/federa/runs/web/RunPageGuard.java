package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.Runs;
import io.federa.shared.PlainPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers HTTP 404 with a plain "No such run" page when a logged-in user loads the page of a run
 * ({@code /runs/<id>}) or a comparison ({@code /runs/compare?ids=…}) that includes a run they may
 * not see. Vaadin bootstraps every page with a 200 (docs/adr/0004-forbidden-pages-answer-403.md), so
 * without this a bookmark of another team's run would load "successfully" and only then say "No such
 * run". Another team's run and a run that does not exist answer the same, so ids cannot be probed.
 * A comparison of more than {@link Runs#MAX_COMPARE} runs answers 400 before any run is looked up;
 * the others are checked in one query.
 * The views show the same words on in-app navigation.
 */
@Component
class RunPagesFilter extends OncePerRequestFilter {

    private static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[a-z2-7]{12})/?");
    private static final String COMPARE_PAGE = "/runs/compare";

    private final Runs runs;
    private final CurrentUsers currentUsers;

    RunPagesFilter(Runs runs, CurrentUsers currentUsers) {
        this.runs = runs;
        this.currentUsers = currentUsers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PlainPages.path(request);
        return !PlainPages.isHtmlPageLoad(request)
                || request.getParameter("v-r") != null
                || !(path.startsWith("/runs/r-") || path.equals(COMPARE_PAGE) || path.equals(COMPARE_PAGE + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<CurrentUser> user = currentUsers.current();
        if (user.isEmpty()) {
            chain.doFilter(request, response); // the login redirect happens elsewhere
            return;
        }
        String path = PlainPages.path(request);
        var run = RUN_PAGE.matcher(path);
        boolean visible;
        if (run.matches()) {
            visible = runs.find(user.get(), run.group(1)).isPresent();
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
                PlainPages.answer(
                        response,
                        HttpServletResponse.SC_BAD_REQUEST,
                        "too-many-runs",
                        "Too many runs",
                        "<p>A comparison shows at most " + Runs.MAX_COMPARE + " runs; this link names " + wanted.size()
                                + ".</p>\n<p><a href=\"/runs\">All runs</a></p>\n");
                return;
            }
            visible = runs.visible(user.get(), wanted).containsAll(wanted);
        }
        if (visible) {
            chain.doFilter(request, response);
            return;
        }
        PlainPages.answer(response, HttpServletResponse.SC_NOT_FOUND, "no-such-run", "No such run", """
                <p>There is no run with that id that you may see.</p>
                <p><a href="/runs">All runs</a></p>
                """);
    }
}

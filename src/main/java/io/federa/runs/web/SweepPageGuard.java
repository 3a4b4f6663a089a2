package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.JobMirror;
import io.federa.runs.Sweeps;
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
 * What {@link RunPagesFilter} does for runs, for a sweep's page ({@code /sweeps/<id>}) and a job's
 * page ({@code /jobs/<cluster>/<job id>}): a page load of one the user may not see — another team's,
 * or none at all, alike — answers HTTP 404 with a plain page instead of Vaadin's 200 and a "No such
 * sweep" view (its main element has the view's id, so both read alike). Found by the isolation matrix
 * (ADR 27); the views say the same on in-app navigation.
 */
@Component
class SweepAndJobPagesFilter extends OncePerRequestFilter {

    private static final Pattern SWEEP_PAGE = Pattern.compile("/sweeps/([^/]+)/?");
    private static final Pattern JOB_PAGE = Pattern.compile("/jobs/([^/]+)/([^/]+)/?");
    private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,18}");

    private final Sweeps sweeps;
    private final JobMirror mirror;
    private final CurrentUsers currentUsers;

    SweepAndJobPagesFilter(Sweeps sweeps, JobMirror mirror, CurrentUsers currentUsers) {
        this.sweeps = sweeps;
        this.mirror = mirror;
        this.currentUsers = currentUsers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PlainPages.path(request);
        var sweep = SWEEP_PAGE.matcher(path);
        return !PlainPages.isHtmlPageLoad(request)
                || request.getParameter("v-r") != null
                || !((sweep.matches() && !sweep.group(1).equals("new"))
                        || JOB_PAGE.matcher(path).matches());
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
        var sweep = SWEEP_PAGE.matcher(path);
        if (sweep.matches()) {
            if (sweeps.find(user.get(), sweep.group(1)).isPresent()) {
                chain.doFilter(request, response);
                return;
            }
            PlainPages.answer(response, HttpServletResponse.SC_NOT_FOUND, "sweep", "No such sweep", """
                    <p>There is no sweep with that id that you may see.</p>
                    <p><a href="/sweeps/new">New sweep</a></p>
                    """);
            return;
        }
        var job = JOB_PAGE.matcher(path);
        if (job.matches()
                && JOB_ID.matcher(job.group(2)).matches()
                && mirror.find(user.get(), job.group(1), Long.parseLong(job.group(2)))
                        .isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        PlainPages.answer(response, HttpServletResponse.SC_NOT_FOUND, "job", "No such job", """
                <p>There is no job with that id on that cluster that you may see.</p>
                <p><a href="/jobs">All jobs</a></p>
                """);
    }
}

package io.federa.mirror.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.PageGuard;
import io.federa.mirror.JobMirror;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A page load of a job ({@code /jobs/<cluster>/<job id>}) the user may not see — another team's, or
 * none at all, alike — answers HTTP 404 with a plain "No such job" page ({@link PageGuard}) instead of
 * Vaadin's 200 and the view's "No such job". Found by the isolation matrix (ADR 27).
 */
@Component
class JobPageGuard implements PageGuard {

    private static final Pattern JOB_PAGE = Pattern.compile("/jobs/([^/]+)/([^/]+)/?");
    private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,18}");

    private final JobMirror mirror;

    JobPageGuard(JobMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public boolean guards(String path) {
        return JOB_PAGE.matcher(path).matches();
    }

    @Override
    public @Nullable Refusal refusal(CurrentUser user, String path, HttpServletRequest request) {
        var job = JOB_PAGE.matcher(path);
        if (job.matches()
                && JOB_ID.matcher(job.group(2)).matches()
                && mirror.find(user, job.group(1), Long.parseLong(job.group(2))).isPresent()) {
            return null;
        }
        return Refusal.notFound("job", "No such job", """
                <p>There is no job with that id on that cluster that you may see.</p>
                <p><a href="/jobs">All jobs</a></p>
                """);
    }
}

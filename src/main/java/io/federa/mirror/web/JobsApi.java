package io.federa.mirror.web;

import io.federa.clusters.JobState;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Jobs page's data as JSON: the same scoped reads of the mirror. A job the caller may not see
 * answers 404, exactly like a job that does not exist.
 */
@RestController
@RequestMapping("/api/jobs")
class JobsApi {

    private final JobMirror mirror;
    private final CurrentUsers currentUsers;

    JobsApi(JobMirror mirror, CurrentUsers currentUsers) {
        this.mirror = mirror;
        this.currentUsers = currentUsers;
    }

    @GetMapping
    List<JobBody> list(
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable JobState state,
            @RequestParam(required = false) @Nullable String user,
            @RequestParam(required = false) @Nullable String account,
            @RequestParam(required = false) @Nullable String partition,
            @RequestParam(defaultValue = "NEWEST_FIRST") JobSort sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        int limit = Math.clamp(size, 1, 500);
        long offset = (long) Math.max(page, 0) * limit;
        if (offset + limit > JobMirror.MAX_ROWS) {
            throw new TooDeep();
        }
        return mirror
                .page(
                        currentUsers.require(),
                        new JobFilter(cluster, state, user, account, partition),
                        sort,
                        (int) offset,
                        limit)
                .stream()
                .map(JobBody::of)
                .toList();
    }

    /** A page past the mirror's paging limit: refused, never cut short silently. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    @ExceptionHandler(TooDeep.class)
    ProblemDetail tooDeep() {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "Only the first " + JobMirror.MAX_ROWS + " jobs of a listing can be paged (page × size + size ≤ "
                        + JobMirror.MAX_ROWS + "). Narrow it with a filter: cluster, state, user, account or "
                        + "partition.");
    }

    @GetMapping("/{cluster}/{jobId}")
    ResponseEntity<JobBody> one(@PathVariable String cluster, @PathVariable long jobId) {
        return ResponseEntity.of(
                mirror.find(currentUsers.require(), cluster, jobId).map(JobBody::of));
    }
}

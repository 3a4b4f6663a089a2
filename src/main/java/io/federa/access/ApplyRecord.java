package io.federa.access;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One apply of a plan, as the apply log keeps it.
 *
 * @param team the plan's team scope; null for every team
 * @param appliedBy the username of the admin (or the system user)
 * @param finishedAt null while it runs (or if the portal stopped during it)
 */
public record ApplyRecord(
        long id,
        String cluster,
        @Nullable String team,
        String appliedBy,
        Instant startedAt,
        @Nullable Instant finishedAt,
        String fingerprint,
        List<ApplyStep> steps) {

    public ApplyRecord {
        steps = List.copyOf(steps);
    }

    public long failed() {
        return steps.stream().filter(s -> !s.ok()).count();
    }

    public long succeeded() {
        return steps.stream().filter(ApplyStep::ok).count();
    }
}

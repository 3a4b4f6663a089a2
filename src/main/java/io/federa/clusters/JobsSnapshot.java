package io.federa.clusters;

import java.time.Instant;
import java.util.List;

/**
 * The answer to "what changed since": the jobs the controller reports, and the controller's own
 * time of this answer, to be passed as {@code changedSince} next time.
 */
public record JobsSnapshot(List<SlurmJob> jobs, Instant asOf) {

    public JobsSnapshot {
        jobs = List.copyOf(jobs);
    }
}

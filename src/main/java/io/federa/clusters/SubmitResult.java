package io.federa.clusters;

import java.util.List;

/** Slurm accepted a job. {@code warnings} are Slurm's own, shown to the user as they are. */
public record SubmitResult(long jobId, List<String> warnings) {

    public SubmitResult {
        warnings = List.copyOf(warnings);
    }
}

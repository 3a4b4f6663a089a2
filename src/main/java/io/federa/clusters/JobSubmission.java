package io.federa.clusters;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch job to submit. The script goes to Slurm as data, never through a shell on the portal.
 *
 * @param comment carries the portal's run id, so a submit whose answer was lost can be found again
 * @param environment variables for the job; the adapter adds what its API version requires
 */
public record JobSubmission(
        String script,
        String name,
        String account,
        @Nullable String partition,
        int tasks,
        int cpusPerTask,
        @Nullable Integer timeLimitMinutes,
        String workingDirectory,
        @Nullable String standardOutput,
        String comment,
        Map<String, String> environment) {

    public JobSubmission {
        environment = Map.copyOf(environment);
    }
}

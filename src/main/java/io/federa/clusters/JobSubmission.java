package io.federa.clusters;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch job to submit. The script goes to Slurm as data, never through a shell on the portal.
 *
 * @param comment carries the portal's run id, so a submit whose answer was lost can be found again
 * @param environment variables for the job; the adapter adds what its API version requires
 * @param nodes how many nodes the job needs; null lets Slurm decide
 * @param gres generic resources per node as sbatch's {@code --gres} takes them, e.g. "gpu:1" or
 *     "gpu:a100:2"; null for none
 * @param exclusive the job wants its nodes to itself (sbatch's {@code --exclusive})
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
        Map<String, String> environment,
        @Nullable Integer nodes,
        @Nullable String gres,
        boolean exclusive) {

    public JobSubmission {
        environment = Map.copyOf(environment);
        if (nodes != null && nodes < 1) {
            throw new IllegalArgumentException("a job needs at least one node, not " + nodes);
        }
        if (gres != null && gres.isBlank()) {
            gres = null;
        }
    }

    /** A job that leaves node count, generic resources and sharing to Slurm. */
    public JobSubmission(
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
        this(
                script,
                name,
                account,
                partition,
                tasks,
                cpusPerTask,
                timeLimitMinutes,
                workingDirectory,
                standardOutput,
                comment,
                environment,
                null,
                null,
                false);
    }
}

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
 * @param array a job array's indices as sbatch's {@code --array} takes them ("0-5", "0-5%2", "1,3,7",
 *     "0-10:2"), checked by {@link JobArray}; null for a plain job. Each task sees its index as
 *     {@code SLURM_ARRAY_TASK_ID} (docs/adr/0012-sweeps-as-job-arrays.md)
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
        boolean exclusive,
        @Nullable String array) {

    public JobSubmission {
        environment = Map.copyOf(environment);
        if (nodes != null && nodes < 1) {
            throw new IllegalArgumentException("a job needs at least one node, not " + nodes);
        }
        if (gres != null && gres.isBlank()) {
            gres = null;
        }
        if (array != null) {
            array = array.isBlank() ? null : JobArray.parse(array).spec();
        }
    }

    /** A plain job (no array). */
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
            Map<String, String> environment,
            @Nullable Integer nodes,
            @Nullable String gres,
            boolean exclusive) {
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
                nodes,
                gres,
                exclusive,
                null);
    }

    /**
     * Names the environment's variables but never their values: they carry the run's token ({@code
     * FEDERA_TOKEN}). The script is summarised by its length.
     */
    @Override
    public String toString() {
        var masked = new java.util.TreeMap<String, String>();
        environment.keySet().forEach(k -> masked.put(k, "***"));
        return "JobSubmission[name=" + name + ", account=" + account + ", partition=" + partition + ", tasks="
                + tasks + ", cpusPerTask=" + cpusPerTask + ", timeLimitMinutes=" + timeLimitMinutes
                + ", workingDirectory=" + workingDirectory + ", standardOutput=" + standardOutput + ", comment="
                + comment + ", environment=" + masked + ", nodes=" + nodes + ", gres=" + gres + ", exclusive="
                + exclusive + ", array=" + array + ", script=(" + script.length() + " characters)]";
    }

    /** The same job as a job array of {@code array} ({@link JobArray} spelling); null for a plain job. */
    public JobSubmission withArray(@Nullable String array) {
        return new JobSubmission(
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
                nodes,
                gres,
                exclusive,
                array);
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

package io.federa.submission;

import io.federa.clusters.JobSubmission;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a run asks Slurm for, after merging the script's directives and the form.
 *
 * @param nodes null lets Slurm decide
 * @param gpus GPUs per node
 * @param partition null means the cluster's default partition
 * @param timeLimitMinutes null means the partition's default
 * @param output the job's output file as Slurm takes it ({@code %j} = job id)
 */
public record RunResources(
        int tasks,
        int cpusPerTask,
        @Nullable Integer nodes,
        int gpus,
        @Nullable String gres,
        @Nullable String partition,
        @Nullable Integer timeLimitMinutes,
        String jobName,
        String output,
        String workingDirectory,
        boolean exclusive) {

    /** CPUs the run holds of its team's quota. */
    public int cpus() {
        return tasks * cpusPerTask;
    }

    /** GPUs the run holds of its team's quota. */
    public int totalGpus() {
        return gpus * (nodes == null ? 1 : nodes);
    }

    /**
     * The job that asks for these resources: {@code script} run as {@code id} (or {@code <job name>.<id>}
     * when the script names the job), under {@code account}, carrying {@code comment} (the id the
     * submit-exactly-once core looks it up by) and {@code environment}.
     */
    public JobSubmission job(
            String script, String id, String account, String comment, Map<String, String> environment) {
        return new JobSubmission(
                script,
                jobName.equals("run") ? id : jobName + "." + id,
                account,
                partition,
                tasks,
                cpusPerTask,
                timeLimitMinutes,
                workingDirectory,
                output,
                comment,
                environment,
                nodes,
                gres,
                exclusive);
    }
}

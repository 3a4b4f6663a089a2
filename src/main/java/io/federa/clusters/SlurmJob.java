package io.federa.clusters;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A job as the controller (or, once aged out, accounting) reports it, in any API version.
 *
 * @param state the base state; {@code stateFlags} holds the rest (COMPLETING, REQUEUED, ...)
 * @param stateReason Slurm's reason code, e.g. "Priority", "AssocGrpCpuLimit", "None"
 * @param timeLimitMinutes null when unlimited
 * @param exitCode the job's return code once it ended, else null
 * @param arrayJobId for an array task, the array's master job id, else null
 * @param arrayTaskId the task's index ({@code SLURM_ARRAY_TASK_ID}); null for a plain job and for the
 *     record that stands for an array's tasks not yet started
 * @param pendingArrayTasks for that record only: the indices still waiting, in Slurm's spelling
 *     ("0-5", "2-5%2"), else "". Its {@code jobId} is the array's job id; once the last task starts,
 *     the record becomes that task (same job id, {@code arrayTaskId} set). Same in every API version
 *     (recorded on 22.05, 24.11 and 26.05; docs/adr/0012-sweeps-as-job-arrays.md)
 */
public record SlurmJob(
        long jobId,
        String name,
        String user,
        String account,
        String partition,
        JobState state,
        Set<String> stateFlags,
        String stateReason,
        @Nullable Instant submitTime,
        @Nullable Instant startTime,
        @Nullable Instant endTime,
        int cpus,
        int nodeCount,
        String nodes,
        @Nullable Integer timeLimitMinutes,
        @Nullable Integer exitCode,
        String comment,
        String workingDirectory,
        String standardOutput,
        @Nullable Long arrayJobId,
        @Nullable Integer arrayTaskId,
        String tresRequested,
        String pendingArrayTasks) {

    public SlurmJob {
        stateFlags = Set.copyOf(stateFlags);
    }

    /** GPUs the job was allocated or asked for, from {@link #tresRequested}; 0 if none. */
    public int gpus() {
        return io.federa.clusters.internal.slurm.SlurmFormats.gpusInTres(tresRequested);
    }

    /** A job whose array tasks, if any, are told apart by their own records (no pending-tasks text). */
    public SlurmJob(
            long jobId,
            String name,
            String user,
            String account,
            String partition,
            JobState state,
            Set<String> stateFlags,
            String stateReason,
            @Nullable Instant submitTime,
            @Nullable Instant startTime,
            @Nullable Instant endTime,
            int cpus,
            int nodeCount,
            String nodes,
            @Nullable Integer timeLimitMinutes,
            @Nullable Integer exitCode,
            String comment,
            String workingDirectory,
            String standardOutput,
            @Nullable Long arrayJobId,
            @Nullable Integer arrayTaskId,
            String tresRequested) {
        this(
                jobId,
                name,
                user,
                account,
                partition,
                state,
                stateFlags,
                stateReason,
                submitTime,
                startTime,
                endTime,
                cpus,
                nodeCount,
                nodes,
                timeLimitMinutes,
                exitCode,
                comment,
                workingDirectory,
                standardOutput,
                arrayJobId,
                arrayTaskId,
                tresRequested,
                "");
    }

    /** The record of an array's tasks that have not started yet (see {@code pendingArrayTasks}). */
    public boolean isPendingArrayTasks() {
        return !pendingArrayTasks.isEmpty();
    }
}

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
        String tresRequested) {

    public SlurmJob {
        stateFlags = Set.copyOf(stateFlags);
    }

    /** GPUs the job was allocated or asked for, from {@link #tresRequested}; 0 if none. */
    public int gpus() {
        return io.federa.clusters.internal.slurm.SlurmFormats.gpusInTres(tresRequested);
    }
}

package io.federa.mirror;

import io.federa.clusters.JobState;
import org.jspecify.annotations.Nullable;

/**
 * A mirrored job as the portal's own bookkeeping follows it (runs, sweeps' trials, trial tokens): its
 * state and the fields that tie it to what the portal submitted, without the rest of {@link
 * MirroredJob}.
 *
 * @param user the Slurm user the job runs as
 * @param comment the job's comment (the portal puts its run or sweep id there)
 * @param isFinal the mirror will not change the row again: a final state, or a job neither the
 *     controller nor accounting knows any more ({@link JobState#UNKNOWN} with the reason)
 * @param arrayJobId for a task of a job array, the array's id (its waiting record has its own id
 *     there); else null
 * @param arrayTaskId the task's index; null for a plain job and for an array's waiting record (the one
 *     row that stands for the tasks not started yet)
 */
public record TrackedJob(
        long jobId,
        String user,
        String comment,
        JobState state,
        String stateReason,
        @Nullable Integer exitCode,
        boolean isFinal,
        @Nullable Long arrayJobId,
        @Nullable Integer arrayTaskId) {

    /** Whether this is the waiting record of job array {@code arrayJobId}. */
    public boolean isWaitingRecordOf(long arrayJobId) {
        return jobId == arrayJobId && arrayTaskId == null;
    }

    /** Whether this is a task Slurm split off job array {@code arrayJobId}. */
    public boolean isTaskOf(long arrayJobId) {
        return this.arrayJobId != null && this.arrayJobId == arrayJobId && arrayTaskId != null;
    }
}

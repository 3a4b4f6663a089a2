package io.federa.mirror;

import org.jspecify.annotations.Nullable;

/**
 * A mirrored job that carries a given comment: its id and, for a task of a job array, the array's id.
 *
 * @param arrayJobId the job array's id for a task of an array (the array's waiting record has its own
 *     id there), else null
 */
public record CarryingJob(long jobId, @Nullable Long arrayJobId) {}

package io.federa.runs;

/**
 * Where a sweep is as a whole; each trial has its own {@link RunState}. QUEUED: stored, the array's
 * submit answer not (yet) seen; SUBMITTED: Slurm took the array, trials pending or running; ENDED:
 * every trial ended; FAILED: Slurm refused the array; LOST: the answer was lost and the cluster has
 * no such array.
 */
public enum SweepState {
    QUEUED,
    SUBMITTED,
    ENDED,
    FAILED,
    LOST;

    public boolean isFinal() {
        return this == ENDED || this == FAILED || this == LOST;
    }
}

package io.federa.runs;

/**
 * Where a run is. QUEUED is the portal's own state (stored, not yet known to Slurm); the rest follow
 * the Slurm job. LOST always comes with a reason.
 */
public enum RunState {
    QUEUED,
    SUBMITTED,
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    LOST;

    /** A run in a final state has ended: its quota is released and its token expires. */
    public boolean isFinal() {
        return switch (this) {
            case COMPLETED, FAILED, CANCELLED, LOST -> true;
            default -> false;
        };
    }
}

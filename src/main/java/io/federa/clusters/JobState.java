package io.federa.clusters;

/** Slurm's base job states (flags such as COMPLETING or REQUEUED are kept apart). */
public enum JobState {
    PENDING,
    RUNNING,
    SUSPENDED,
    COMPLETED,
    CANCELLED,
    FAILED,
    TIMEOUT,
    NODE_FAIL,
    PREEMPTED,
    BOOT_FAIL,
    DEADLINE,
    OUT_OF_MEMORY,
    UNKNOWN;

    /** A job in a final state never changes again. */
    public boolean isFinal() {
        return switch (this) {
            case PENDING, RUNNING, SUSPENDED, UNKNOWN -> false;
            default -> true;
        };
    }

    /** Parses Slurm's spelling ("PENDING", "pending", "CANCELLED by 0"), UNKNOWN for anything else. */
    public static JobState parse(String slurm) {
        if (slurm == null || slurm.isBlank()) {
            return UNKNOWN;
        }
        String base = slurm.trim().split("[\\s+]")[0].toUpperCase(java.util.Locale.ROOT);
        try {
            return valueOf(base);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}

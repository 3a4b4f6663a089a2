package io.federa.notebooks;

/**
 * A notebook's life. REQUESTED → (Slurm) QUEUED → STARTING → READY → STOPPING → STOPPED, and from
 * STOPPED back to STARTING ("start again"); FAILED when it could not start or its server ended on
 * its own; DELETED at the end. A notebook holds one of its team's notebook quota places from the
 * request until it is stopped, failed or deleted.
 */
public enum NotebookState {
    REQUESTED,
    QUEUED,
    STARTING,
    READY,
    STOPPING,
    STOPPED,
    FAILED,
    DELETED;

    /** Holds a quota place and (soon) a server. */
    public boolean isRunning() {
        return this == REQUESTED || this == QUEUED || this == STARTING || this == READY;
    }

    /** No server and no quota place: it can be started again or deleted. */
    public boolean isDown() {
        return this == STOPPED || this == FAILED;
    }

    /** In words for pages. */
    public String label() {
        return switch (this) {
            case REQUESTED -> "requested";
            case QUEUED -> "queued";
            case STARTING -> "starting";
            case READY -> "ready";
            case STOPPING -> "stopping";
            case STOPPED -> "stopped";
            case FAILED -> "failed";
            case DELETED -> "deleted";
        };
    }
}

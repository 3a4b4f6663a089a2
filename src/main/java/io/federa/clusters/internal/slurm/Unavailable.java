package io.federa.clusters.internal.slurm;

import org.jspecify.annotations.Nullable;

/**
 * Inside the client: one attempt could not get an answer from the cluster. Counts as a failure for
 * the circuit breaker; retried (GET only) when {@code retryable}. Leaves the client as
 * {@link io.federa.clusters.ClusterUnavailableException}: the reason in plain words for everyone, the
 * detail (which address, credentials stripped) for admins and logs only.
 */
final class Unavailable extends RuntimeException {

    private final boolean retryable;
    private final String detail;

    Unavailable(String reason, String detail, boolean retryable, @Nullable Throwable cause) {
        super(reason, cause, false, false);
        this.retryable = retryable;
        this.detail = detail;
    }

    Unavailable(String reason, boolean retryable) {
        this(reason, reason, retryable, null);
    }

    /** A reason that holds no internal detail: the same for admins and everyone. */
    Unavailable(String reason, boolean retryable, Throwable cause) {
        this(reason, reason, retryable, cause);
    }

    boolean retryable() {
        return retryable;
    }

    String reason() {
        return String.valueOf(getMessage());
    }

    String detail() {
        return detail;
    }
}

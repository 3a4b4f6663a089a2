package io.federa.clusters.internal.slurm;

import org.jspecify.annotations.Nullable;

/**
 * Inside the client: one attempt could not get an answer from the cluster. Counts as a failure for
 * the circuit breaker; retried (GET only) when {@code retryable}. Leaves the client as
 * {@link io.federa.clusters.ClusterUnavailableException}.
 */
final class Unavailable extends RuntimeException {

    private final boolean retryable;

    Unavailable(String reason, boolean retryable, @Nullable Throwable cause) {
        super(reason, cause, false, false);
        this.retryable = retryable;
    }

    Unavailable(String reason, boolean retryable) {
        this(reason, retryable, null);
    }

    boolean retryable() {
        return retryable;
    }

    String reason() {
        return String.valueOf(getMessage());
    }
}

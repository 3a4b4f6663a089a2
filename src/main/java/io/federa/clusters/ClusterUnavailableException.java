package io.federa.clusters;

import io.federa.shared.UserFacingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * The cluster could not be reached (connection refused, timeout, circuit open, bad credentials
 * that make every call fail). The message says which cluster and why, in plain words, for everyone;
 * {@link #detail()} adds the internal details (the slurmrestd address) for portal admins and logs.
 */
public class ClusterUnavailableException extends UserFacingException {

    private final String cluster;
    private final String detail;
    private final boolean mayHaveReachedCluster;

    /**
     * A call that failed on the way: it may have reached the cluster unless the connection was never
     * made (refused, no route, unknown host).
     */
    public ClusterUnavailableException(String cluster, String reason, String detail, Throwable cause) {
        this(cluster, reason, detail, cause, !neverConnected(cause));
    }

    /** A call that failed on the way, saying whether the request may have reached the cluster. */
    public ClusterUnavailableException(
            String cluster, String reason, String detail, Throwable cause, boolean mayHaveReachedCluster) {
        super("Cluster " + cluster + " is unavailable: " + reason, cause);
        this.cluster = cluster;
        this.detail = detail;
        this.mayHaveReachedCluster = mayHaveReachedCluster;
    }

    /** Refused before any request was made (not registered, no credential for the user): nothing was sent. */
    public ClusterUnavailableException(String cluster, String reason) {
        super("Cluster " + cluster + " is unavailable: " + reason);
        this.cluster = cluster;
        this.detail = reason;
        this.mayHaveReachedCluster = false;
    }

    private static boolean neverConnected(Throwable cause) {
        return cause instanceof ConnectException
                || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException;
    }

    /**
     * May the request have reached the cluster? False when it certainly did not (no connection, an open
     * circuit breaker, refused before sending): a submit can then be called failed. True when the answer
     * alone may be missing: a submit must then be looked up, never sent again.
     */
    public boolean mayHaveReachedCluster() {
        return mayHaveReachedCluster;
    }

    public String cluster() {
        return cluster;
    }

    /** What went wrong with internal details (which address; never credentials): for admins only. */
    public String detail() {
        return detail;
    }

    @Override
    public int problemStatus() {
        return 503;
    }
}

package io.federa.clusters;

import io.federa.shared.UserFacingException;

/**
 * The cluster could not be reached (connection refused, timeout, circuit open, bad credentials
 * that make every call fail). The message says which cluster and why, in plain words, for everyone;
 * {@link #detail()} adds the internal details (the slurmrestd address) for portal admins and logs.
 */
public class ClusterUnavailableException extends UserFacingException {

    private final String cluster;
    private final String detail;

    public ClusterUnavailableException(String cluster, String reason, String detail, Throwable cause) {
        super("Cluster " + cluster + " is unavailable: " + reason, cause);
        this.cluster = cluster;
        this.detail = detail;
    }

    public ClusterUnavailableException(String cluster, String reason) {
        super("Cluster " + cluster + " is unavailable: " + reason);
        this.cluster = cluster;
        this.detail = reason;
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

package io.federa.clusters;

import io.federa.shared.UserFacingException;

/**
 * The cluster could not be reached (connection refused, timeout, circuit open, bad credentials
 * that make every call fail). The message says which cluster and why, in plain words.
 */
public class ClusterUnavailableException extends UserFacingException {

    private final String cluster;

    public ClusterUnavailableException(String cluster, String reason, Throwable cause) {
        super("Cluster " + cluster + " is unavailable: " + reason, cause);
        this.cluster = cluster;
    }

    public ClusterUnavailableException(String cluster, String reason) {
        super("Cluster " + cluster + " is unavailable: " + reason);
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }

    @Override
    public int problemStatus() {
        return 503;
    }
}

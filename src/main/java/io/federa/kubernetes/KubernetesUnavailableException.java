package io.federa.kubernetes;

import io.federa.shared.UserFacingException;

/**
 * A cluster's API server could not be reached (connection refused, time-out, TLS or credentials that
 * make every call fail, circuit open). The message says which cluster and why, in plain words.
 */
public class KubernetesUnavailableException extends UserFacingException {

    private final String cluster;

    public KubernetesUnavailableException(String cluster, String reason, Throwable cause) {
        super("Kubernetes cluster " + cluster + " is unavailable: " + reason, cause);
        this.cluster = cluster;
    }

    public KubernetesUnavailableException(String cluster, String reason) {
        super("Kubernetes cluster " + cluster + " is unavailable: " + reason);
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }
}

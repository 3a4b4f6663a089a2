package io.federa.clusters;

/** Hands out the client for a registered, enabled cluster. */
public interface SlurmClients {

    /**
     * @throws ClusterUnavailableException if no enabled cluster has that name
     */
    SlurmClient forCluster(String cluster);
}

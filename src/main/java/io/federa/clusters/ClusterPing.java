package io.federa.clusters;

import java.time.Duration;

/**
 * What a ping tells about a cluster.
 *
 * @param controllerResponding the slurmctld answered slurmrestd's ping
 * @param slurmRelease e.g. "22.05.8"
 * @param apiVersion the REST API version the portal speaks with it, e.g. "v0.0.38"
 */
public record ClusterPing(boolean controllerResponding, String slurmRelease, String apiVersion, Duration latency) {}

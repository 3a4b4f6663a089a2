package io.federa.clusters;

import io.federa.shared.LiveUpdate;

/** The health poller wrote a cluster's state (whether or not it changed): open views refresh. */
public record ClusterHealthChanged(String cluster, ClusterHealth.State state) implements LiveUpdate {}

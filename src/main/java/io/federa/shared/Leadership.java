package io.federa.shared;

/**
 * Whether this replica is the one that runs the periodic work (pollers, reconcilers, syncs) now. Of
 * several replicas on one database exactly one leads at a time; a single replica leads from its start.
 * Every {@code @Scheduled} method runs on the leader only, so most code never asks (ADR 29).
 */
public interface Leadership {

    boolean isLeader();
}

package io.federa.shared;

/**
 * Marks an application event that open views follow (a cluster's health, a mirrored job). Such events
 * reach {@link LiveUpdates} subscribers after the publishing transaction commits.
 */
public interface LiveUpdate {}

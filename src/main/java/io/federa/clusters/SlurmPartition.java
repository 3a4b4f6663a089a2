package io.federa.clusters;

import org.jspecify.annotations.Nullable;

/**
 * A partition and its limits.
 *
 * @param state "UP", "DOWN", "DRAIN", "INACTIVE"
 * @param maxTimeMinutes the longest time limit a job may ask for; null when unlimited
 * @param maxNodesPerJob null when unlimited
 */
public record SlurmPartition(
        String name,
        String state,
        boolean isDefault,
        int totalNodes,
        int totalCpus,
        String nodes,
        @Nullable Integer maxTimeMinutes,
        @Nullable Integer defaultTimeMinutes,
        @Nullable Integer maxNodesPerJob) {}

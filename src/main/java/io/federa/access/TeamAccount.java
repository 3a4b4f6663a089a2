package io.federa.access;

import java.util.List;

/**
 * Team {@code team} computes under Slurm account {@code slurmAccount} on {@code cluster}, in the
 * partitions {@code allowedPartitions} (empty: every partition of the cluster).
 */
public record TeamAccount(String cluster, String team, String slurmAccount, List<String> allowedPartitions) {

    public TeamAccount {
        allowedPartitions = allowedPartitions.stream().distinct().sorted().toList();
    }

    /** A mapping that allows every partition of the cluster. */
    public TeamAccount(String cluster, String team, String slurmAccount) {
        this(cluster, team, slurmAccount, List.of());
    }

    /** May the team use {@code partition} on this cluster? */
    public boolean allows(String partition) {
        return allowedPartitions.isEmpty() || allowedPartitions.contains(partition);
    }
}

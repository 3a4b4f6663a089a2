package io.federa.clusters;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A registered cluster with its last known health, partitions and nodes. Never contains secrets. */
public record ClusterOverview(
        String name,
        URI restUrl,
        AuthMode authMode,
        String adminUser,
        @Nullable String pinnedApiVersion,
        boolean enabled,
        ClusterHealth health,
        List<SlurmPartition> partitions,
        List<SlurmNode> nodes) {

    public ClusterOverview {
        partitions = List.copyOf(partitions);
        nodes = List.copyOf(nodes);
    }
}

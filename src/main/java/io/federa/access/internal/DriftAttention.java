package io.federa.access.internal;

import io.federa.access.ClusterPermissions;
import io.federa.access.DriftReport;
import io.federa.access.PlannedChange;
import io.federa.clusters.ClusterRegistry;
import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Enabled clusters whose last drift check found Slurm accounting different from the portal
 * (permissions drift: accounts, users, associations, team QOS); fixed by preview and apply in the
 * cluster permissions console. A check that could not run is the cluster's health to report, not drift.
 * Reads the stored reports only.
 */
@Component
@Order(2)
class DriftAttention implements AttentionSource {

    private static final int NAMED = 3;

    private final ClusterRegistry registry;
    private final ClusterPermissions permissions;

    DriftAttention(ClusterRegistry registry, ClusterPermissions permissions) {
        this.registry = registry;
        this.permissions = permissions;
    }

    @Override
    public List<Attention> attention() {
        return registry.enabledClusters().stream()
                .map(permissions::lastDrift)
                .flatMap(Optional::stream)
                .filter(r -> r.error() == null && !r.findings().isEmpty())
                .map(DriftAttention::attention)
                .toList();
    }

    private static Attention attention(DriftReport r) {
        List<PlannedChange> f = r.findings();
        String named = f.stream()
                .limit(NAMED)
                .map(c -> c.kind().label() + ": " + c.target())
                .collect(Collectors.joining("; "));
        return new Attention(
                "drift",
                r.cluster(),
                "Slurm accounting on " + r.cluster() + " differs from the portal: " + f.size() + " change"
                        + (f.size() == 1 ? "" : "s") + " to apply (" + named + (f.size() > NAMED ? "; …" : "") + ").",
                "admin/permissions",
                "Cluster permissions",
                r.checkedAt());
    }
}

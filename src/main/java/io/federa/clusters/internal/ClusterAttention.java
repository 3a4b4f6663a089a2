package io.federa.clusters.internal;

import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Enabled clusters that the health poller last saw down or degraded (down first), with the admin's
 * detail of why; fixed in the cluster registry (address, secret, or disable it). The health comes from
 * the database: nothing here calls Slurm.
 */
@Component
@Order(1)
class ClusterAttention implements AttentionSource {

    private final ClusterRegistry registry;

    ClusterAttention(ClusterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<Attention> attention() {
        return registry.overview().stream()
                .filter(ClusterOverview::enabled)
                .filter(c -> c.health().state() == ClusterHealth.State.DOWN
                        || c.health().state() == ClusterHealth.State.DEGRADED)
                .sorted(Comparator.comparing((ClusterOverview c) -> c.health().state() != ClusterHealth.State.DOWN)
                        .thenComparing(ClusterOverview::name))
                .map(ClusterAttention::attention)
                .toList();
    }

    private static Attention attention(ClusterOverview c) {
        ClusterHealth h = c.health();
        boolean down = h.state() == ClusterHealth.State.DOWN;
        String why = h.detail().isBlank() ? h.reason() : h.detail();
        return new Attention(
                down ? "cluster-down" : "cluster-degraded",
                c.name(),
                "Cluster " + c.name() + " is " + (down ? "down" : "degraded") + (why.isBlank() ? "" : ": " + why)
                        + (h.lastContact() == null
                                ? " (it never answered)."
                                : " (last answer " + h.lastContact() + ")."),
                "admin/clusters",
                "Cluster registry",
                h.lastCheck());
    }
}

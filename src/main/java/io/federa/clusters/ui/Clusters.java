package io.federa.clusters.ui;

import com.vaadin.flow.component.html.Span;
import io.federa.clusters.ClusterHealth;
import org.jspecify.annotations.Nullable;

/** Small pieces the cluster views share. */
final class Clusters {

    private Clusters() {}

    /** A coloured state label; null means the cluster is disabled. */
    static Span stateBadge(ClusterHealth.@Nullable State state) {
        return io.federa.shared.ui.Badges.state(state);
    }
}

package io.federa.submission;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a run would go and why: every enabled cluster with why it was chosen, merely eligible or
 * excluded, best first.
 *
 * @param chosen null when no cluster is eligible
 * @param explanation one or two plain sentences about the choice (or why there is none)
 */
public record RouteDecision(@Nullable String chosen, String explanation, List<ClusterVerdict> clusters) {

    public RouteDecision {
        clusters = List.copyOf(clusters);
    }

    public Optional<ClusterVerdict> verdict(String cluster) {
        return clusters.stream().filter(c -> c.cluster().equals(cluster)).findFirst();
    }
}

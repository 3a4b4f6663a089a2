package io.federa.kubernetes;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One custom resource as the mirror last saw it.
 *
 * @param namespace empty for cluster-scoped kinds (a Profile)
 * @param team the team it belongs to: its {@link FederaLabels#TEAM} label, and for a namespaced
 *     object only when it lives in that team's namespace (else null: shown to portal admins only)
 * @param owner the person it belongs to ({@link FederaLabels#OWNER}), if any
 * @param specJson its {@code spec} as JSON ("{}" when it has none)
 * @param statusJson its {@code status} as JSON ("{}" before a controller wrote one)
 */
public record MirroredResource(
        String cluster,
        KubernetesFeature kind,
        String namespace,
        String name,
        String uid,
        String resourceVersion,
        @Nullable String team,
        @Nullable String owner,
        Map<String, String> labels,
        String specJson,
        String statusJson,
        @Nullable Instant createdAt,
        Instant mirroredAt) {

    public MirroredResource {
        labels = Map.copyOf(labels);
    }
}

package io.federa.kubernetes;

import io.federa.shared.LiveUpdate;
import org.jspecify.annotations.Nullable;

/** The mirror wrote a change of a resource (or relisted a kind): open views refresh. */
public record KubernetesResourcesChanged(
        String cluster, KubernetesFeature kind, @Nullable String team) implements LiveUpdate {}

package io.federa.kubernetes.ui;

import io.federa.kubernetes.KubernetesFeature;
import java.util.Set;
import java.util.stream.Collectors;

/** How the Kubernetes views name a cluster's features. */
final class Features {

    private Features() {}

    static String of(Set<KubernetesFeature> features) {
        return features.isEmpty()
                ? "no Kubeflow or KServe resources"
                : features.stream().sorted().map(KubernetesFeature::label).collect(Collectors.joining(", "));
    }
}

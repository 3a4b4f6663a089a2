package io.federa.kubernetes;

import io.federa.shared.LiveUpdate;

/** The health poller wrote a Kubernetes cluster's state (changed or not): open views refresh. */
public record KubernetesHealthChanged(String cluster, KubernetesHealth.State state) implements LiveUpdate {}

package io.federa.quota;

import io.federa.kubernetes.ProfileStatus;

/** A team's Kubernetes quota and how its Profile stands on the cluster. */
public record KubernetesQuotaOverview(KubernetesQuota quota, ProfileStatus profile) {}

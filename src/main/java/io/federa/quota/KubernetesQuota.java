package io.federa.quota;

import io.federa.kubernetes.ProfileQuota;
import org.jspecify.annotations.Nullable;

/**
 * A team's resource quota on a Kubernetes cluster, which becomes its Kubeflow Profile's {@code
 * resourceQuotaSpec} there (ADR 22). A null limit means "no limit".
 *
 * @param cpu CPUs the team's namespace may request, a Kubernetes quantity ({@code 8}, {@code 500m})
 * @param memory memory likewise ({@code 16Gi}, {@code 512Mi})
 * @param gpus GPUs ({@code requests.nvidia.com/gpu})
 * @param pods pods
 */
public record KubernetesQuota(
        String team,
        String cluster,
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable Integer gpus,
        @Nullable Integer pods) {

    public ProfileQuota asProfileQuota() {
        return new ProfileQuota(cpu, memory, gpus, pods);
    }
}

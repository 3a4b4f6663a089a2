package io.federa.quota;

import io.federa.kubernetes.ProfileStatus;
import io.federa.shared.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Team quotas on Kubernetes clusters. A saved quota is pushed (after the commit) as the team's
 * Kubeflow Profile's resource quota, read back and checked for drift by the kubernetes module, on the
 * schedule of the Slurm QOS (ADR 22); the API server validates the quantities and its refusal is the
 * push's error.
 */
public interface KubernetesQuotas {

    Optional<KubernetesQuota> quotaOf(String team, String cluster);

    /**
     * Stores the quota, then pushes the team's Profile on that cluster.
     *
     * @throws InvalidQuotaException when a field is wrong, the cluster is unknown, or the team may not
     *     use the cluster
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    ProfileStatus setQuota(KubernetesQuota quota);

    /** Every Kubernetes quota with its Profile's push status. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<KubernetesQuotaOverview> allQuotas();
}

package io.federa.kubernetes;

import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Each team's Kubeflow {@code Profile} on each Kubernetes cluster it may use: named by the cluster's
 * namespace pattern, owned by the team (an RBAC group), with the team's quota there as its {@code
 * resourceQuotaSpec} ({@link ProfileQuotas}). The portal is the source of truth: a Profile is pushed
 * when the access or the quota changes, read back, and checked for drift (changed or deleted outside
 * the portal) on the schedule of the Slurm QOS sync, which puts it back (ADR 22).
 */
public interface TeamProfiles {

    /** The Profile (and namespace) name of {@code team} on {@code cluster}. */
    String profileName(String cluster, String team);

    /** How the team's Profile stands on the cluster, from the portal's records (no API call). */
    ProfileStatus status(String team, String cluster);

    /** Every team's Profile status on every cluster it may use. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<ProfileStatus> all();

    /**
     * Pushes the team's Profile to the cluster now (what {@link ProfileQuotas} holds at this moment),
     * reads it back and returns the recorded outcome. A failure is recorded, not thrown.
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    ProfileStatus push(String team, String cluster);
}

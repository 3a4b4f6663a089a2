package io.federa.kubernetes;

import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Which teams may use which Kubernetes cluster. A team that may use a cluster gets a Kubeflow
 * {@code Profile} there (its namespace and resource quota, {@link TeamProfiles}); revoking deletes
 * the Profile, and with it (as Kubeflow's profile controller does) the namespace and what is in it.
 */
public interface TeamKubernetesAccess {

    /** The teams that may use {@code cluster}, by name. */
    List<String> teamsOn(String cluster);

    /** The Kubernetes clusters {@code team} may use, by name. */
    List<String> clustersOf(String team);

    boolean mayUse(String team, String cluster);

    /** Lets the team use the cluster and pushes its Profile (after the commit). Idempotent. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void grant(String cluster, String team);

    /** Takes the cluster away from the team and deletes its Profile there. Idempotent. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void revoke(String cluster, String team);
}

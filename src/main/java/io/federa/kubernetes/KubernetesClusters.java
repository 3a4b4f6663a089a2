package io.federa.kubernetes;

import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The registered Kubernetes clusters. Reading is open to every logged-in user (health and features
 * are not team data; credentials are never part of an answer); changing is for portal admins.
 * Nothing here calls the API server.
 */
public interface KubernetesClusters {

    List<KubernetesClusterOverview> overview();

    /** Names of the enabled clusters, by name. */
    List<String> enabledClusters();

    /**
     * @throws InvalidKubernetesSettingsException when a field is wrong (the message says which and why)
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void register(KubernetesClusterSettings settings);

    /** Changes a cluster; null credentials keep the stored ones. The name cannot change. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void update(KubernetesClusterSettings settings);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setEnabled(String name, boolean enabled);
}

package io.federa.clusters;

import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The registered clusters. Reading is open to every logged-in user (health, partitions and nodes are
 * not team data); changing is for portal admins. Nothing here calls Slurm.
 */
public interface ClusterRegistry {

    List<ClusterOverview> overview();

    /** Names of the enabled clusters, by name. */
    List<String> enabledClusters();

    /**
     * @throws InvalidClusterSettingsException when a field is wrong (the message says which and why)
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void register(ClusterSettings settings);

    /** Changes a cluster; a blank secret keeps the stored one. The name cannot change. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void update(ClusterSettings settings);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setEnabled(String name, boolean enabled);
}

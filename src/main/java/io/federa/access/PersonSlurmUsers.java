package io.federa.access;

import io.federa.shared.Roles;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/** Which Slurm user a person is on each cluster. */
public interface PersonSlurmUsers {

    Optional<String> slurmUserOf(String cluster, String username);

    /** Every person mapped on {@code cluster}: username → Slurm user, by username. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    Map<String, String> onCluster(String cluster);

    /**
     * Maps a person to a Slurm user after checking, in the cluster's Slurm accounting, that the user
     * exists.
     *
     * @throws MappingRefusedException when the cluster does not know that Slurm user (the message
     *     says so and what to do)
     * @throws io.federa.clusters.ClusterUnavailableException when the cluster cannot be asked
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void map(String cluster, String username, String slurmUser);
}

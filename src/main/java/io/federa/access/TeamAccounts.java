package io.federa.access;

import io.federa.shared.Roles;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;

/** The team → Slurm account mapping per cluster, with the partitions the team may use there. */
public interface TeamAccounts {

    /** The (cluster, account) pairs the given teams compute under. */
    Set<ClusterAccount> accountsOf(Collection<String> teams);

    /** The team that computes under {@code slurmAccount} on {@code cluster}, if the portal maps one. */
    Optional<String> teamOf(String cluster, String slurmAccount);

    /**
     * The partitions {@code team} may use on {@code cluster}; empty means every partition (and also
     * when the team has no account there: ask {@link #accountsOf} for that).
     */
    List<String> allowedPartitions(String team, String cluster);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<TeamAccount> all();

    /**
     * Maps (or re-maps) a team to an account on a cluster, with its allowed partitions.
     *
     * @throws MappingRefusedException when another team already computes under that account there,
     *     or a name is not valid
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void map(TeamAccount mapping);

    /** Ends the team's mapping on the cluster (Slurm is not changed). */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void unmap(String cluster, String team);
}

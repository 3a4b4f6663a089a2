package io.federa.access;

import io.federa.shared.Roles;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;

/** The team → Slurm account mapping per cluster. */
public interface TeamAccounts {

    /** The (cluster, account) pairs the given teams compute under. */
    Set<ClusterAccount> accountsOf(Collection<String> teams);

    /** The team that computes under {@code slurmAccount} on {@code cluster}, if one is mapped to it. */
    Optional<String> teamOf(String cluster, String slurmAccount);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<TeamAccount> all();

    /** Maps (or re-maps) a team to an account on a cluster. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void map(TeamAccount mapping);
}

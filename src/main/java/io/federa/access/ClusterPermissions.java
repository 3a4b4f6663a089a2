package io.federa.access;

import io.federa.shared.Roles;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The cluster permissions console (portal admins): import what Slurm accounting holds, preview what
 * the portal would change there, apply exactly that, and see drift. See ADR 8.
 *
 * <p>Methods that read Slurm throw {@link io.federa.clusters.ClusterUnavailableException} or {@link
 * io.federa.clusters.SlurmException} when the cluster cannot be asked.
 */
public interface ClusterPermissions {

    String ADMIN = "hasRole('" + Roles.PORTAL_ADMIN + "')";

    /** Reads accounts, users and associations of the cluster and proposes account → team, user → person. */
    @PreAuthorize(ADMIN)
    ImportProposals importFromSlurm(String cluster);

    /**
     * Reads every enabled cluster (at once) and keeps the proposals that are new and need no choice:
     * the preview of "adopt all on every cluster". A cluster that cannot be read is listed, not thrown.
     */
    @PreAuthorize(ADMIN)
    ImportEverywhere importFromEveryCluster();

    /** Stores the chosen proposals (through {@link TeamAccounts#map}, {@link PersonSlurmUsers#map}). */
    @PreAuthorize(ADMIN)
    AdoptResult adopt(
            Collection<ImportProposals.AccountProposal> accounts, Collection<ImportProposals.UserProposal> users);

    /** Every team mapped on the cluster: the changes that would bring Slurm in line with the portal. */
    @PreAuthorize(ADMIN)
    Plan plan(String cluster);

    /** Only {@code team}'s account on the cluster. */
    @PreAuthorize(ADMIN)
    Plan plan(String cluster, String team);

    /**
     * Recomputes the plan (team scope null: every team) and, if its fingerprint is {@code fingerprint},
     * runs its changes one by one as the cluster's admin Slurm user, recording each in the apply log. A
     * failed change does not stop the others.
     *
     * @param onStep told after each change (for a progress display); may be called from this thread only
     * @throws PlanChangedException when the plan is not the previewed one any more (nothing changed)
     */
    @PreAuthorize(ADMIN)
    ApplyRecord apply(String cluster, @Nullable String team, String fingerprint, Consumer<ApplyStep> onStep);

    /** The latest applies on the cluster, newest first. */
    @PreAuthorize(ADMIN)
    List<ApplyRecord> applyLog(String cluster, int limit);

    /** Computes the cluster's plan now and stores it as the cluster's drift report. */
    @PreAuthorize(ADMIN)
    DriftReport checkDrift(String cluster);

    /** The last stored drift report of the cluster. */
    @PreAuthorize(ADMIN)
    Optional<DriftReport> lastDrift(String cluster);
}

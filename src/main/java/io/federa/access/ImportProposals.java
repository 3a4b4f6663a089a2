package io.federa.access;

import java.util.List;

/**
 * What an import found in a cluster's Slurm accounting and proposes to map. Nothing is stored until
 * the admin adopts proposals ({@link ClusterPermissions#adopt}).
 */
public record ImportProposals(String cluster, List<AccountProposal> accounts, List<UserProposal> users) {

    public ImportProposals {
        accounts = List.copyOf(accounts);
        users = List.copyOf(users);
    }

    /**
     * Slurm account → portal team.
     *
     * @param reason why this team, in words
     * @param alreadyMapped the portal maps exactly this already
     */
    public record AccountProposal(
            String cluster, String slurmAccount, String team, String reason, boolean alreadyMapped) {}

    /**
     * Slurm user → portal person.
     *
     * @param reason why this person, in words
     * @param alreadyMapped the portal maps exactly this already
     */
    public record UserProposal(
            String cluster, String slurmUser, String username, String reason, boolean alreadyMapped) {}
}

package io.federa.access;

import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import java.util.List;
import java.util.Map;

/**
 * "Adopt all on every cluster", previewed: what reading every enabled cluster proposes that the
 * portal does not map yet and that can be adopted without a choice. Nothing is stored until the
 * admin adopts {@link #accounts()} and {@link #users()} with {@link ClusterPermissions#adopt}.
 *
 * @param accounts new account → team proposals, at most one per team and cluster
 * @param users new Slurm user → person proposals
 * @param leftForChoice proposals that would re-map what the portal maps, or compete for one team,
 *     each with why; they are adopted one by one on the cluster's import
 * @param unreadable clusters that could not be read, with why (their proposals are missing)
 */
public record ImportEverywhere(
        List<AccountProposal> accounts,
        List<UserProposal> users,
        List<String> leftForChoice,
        Map<String, String> unreadable) {

    public ImportEverywhere {
        accounts = List.copyOf(accounts);
        users = List.copyOf(users);
        leftForChoice = List.copyOf(leftForChoice);
        unreadable = Map.copyOf(unreadable);
    }

    public boolean isEmpty() {
        return accounts.isEmpty() && users.isEmpty();
    }
}

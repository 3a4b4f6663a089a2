package io.federa.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import io.federa.access.TeamAccount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdoptAllTest {

    @Test
    void takes_every_new_proposal_of_every_cluster_that_needs_no_choice() {
        var c1 = new ImportProposals(
                "c1",
                List.of(account("c1", "team-a", "team-a", false), account("c1", "team-b", "team-b", true)),
                List.of(user("c1", "alice", false), user("c1", "bob", true)));
        var c3 = new ImportProposals(
                "c3", List.of(account("c3", "team-b", "team-b", false)), List.of(user("c3", "bob", false)));

        ImportEverywhere all = AdoptAll.choose(
                List.of(c3, c1),
                List.of(new TeamAccount("c1", "team-b", "team-b")),
                Map.of("c1", Map.of("bob", "bob")),
                Map.of("c4", "Cluster c4 is unavailable: connection refused"));

        assertThat(all.accounts())
                .extracting(AccountProposal::cluster, AccountProposal::slurmAccount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c1", "team-a"),
                        org.assertj.core.groups.Tuple.tuple("c3", "team-b"));
        assertThat(all.users())
                .extracting(UserProposal::cluster, UserProposal::username)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c1", "alice"),
                        org.assertj.core.groups.Tuple.tuple("c3", "bob"));
        assertThat(all.leftForChoice()).isEmpty();
        assertThat(all.unreadable()).containsKey("c4");
    }

    @Test
    void never_re_maps_and_leaves_competing_accounts_for_a_choice_with_why() {
        var c1 = new ImportProposals(
                "c1",
                List.of(
                        account("c1", "old-a", "team-a", false), // team-a computes under team-a already
                        account("c1", "team-b", "team-x", false), // team-b's account
                        account("c1", "proj-1", "team-c", false),
                        account("c1", "team-c", "team-c", false), // the team's name wins
                        account("c1", "proj-2", "team-d", false),
                        account("c1", "proj-3", "team-d", false)), // two, neither named: no choice made
                List.of(user("c1", "carol", false)));

        ImportEverywhere all = AdoptAll.choose(
                List.of(c1),
                List.of(new TeamAccount("c1", "team-a", "team-a"), new TeamAccount("c1", "team-b", "team-b")),
                Map.of("c1", Map.of("carol", "carol2")),
                Map.of());

        assertThat(all.accounts()).extracting(AccountProposal::slurmAccount).containsExactly("team-c");
        assertThat(all.users()).isEmpty();
        assertThat(all.leftForChoice())
                .containsExactly(
                        "account old-a → team team-a on c1: team team-a computes under team-a there (adopting would "
                                + "re-map it)",
                        "account team-b → team team-x on c1: the account is team team-b's there",
                        "account proj-1 → team team-c on c1: one of 2 accounts proposed for team team-c (proj-1, "
                                + "team-c)",
                        "account proj-2 → team team-d on c1: one of 2 accounts proposed for team team-d (proj-2, "
                                + "proj-3)",
                        "account proj-3 → team team-d on c1: one of 2 accounts proposed for team team-d (proj-2, "
                                + "proj-3)",
                        "Slurm user carol → carol on c1: carol is Slurm user carol2 there (adopting would re-map "
                                + "them)");
    }

    private static AccountProposal account(String cluster, String account, String team, boolean mapped) {
        return new AccountProposal(cluster, account, team, "because", mapped);
    }

    private static UserProposal user(String cluster, String name, boolean mapped) {
        return new UserProposal(cluster, name, name, "same user name", mapped);
    }
}

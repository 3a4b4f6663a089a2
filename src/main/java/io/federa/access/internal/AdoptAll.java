package io.federa.access.internal;

import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import io.federa.access.TeamAccount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which proposals of an import from every cluster "adopt all" takes: a pure function, so that the
 * rule is tested without a cluster. New proposals only; never one that re-maps what the portal maps
 * (a team that computes under another account there, an account another team computes under, a
 * person who is another Slurm user there); of several accounts proposed for one team on one
 * cluster, the one with the team's name, else none. What is left is listed with why.
 */
final class AdoptAll {

    private AdoptAll() {}

    /**
     * @param found what each readable cluster proposes
     * @param mapped every team → account mapping the portal holds
     * @param peopleByCluster per cluster, person → Slurm user as the portal maps them
     * @param unreadable clusters that could not be read, with why
     */
    static ImportEverywhere choose(
            List<ImportProposals> found,
            List<TeamAccount> mapped,
            Map<String, Map<String, String>> peopleByCluster,
            Map<String, String> unreadable) {
        var accounts = new ArrayList<AccountProposal>();
        var users = new ArrayList<UserProposal>();
        var left = new ArrayList<String>();
        for (ImportProposals cluster : found.stream()
                .sorted(Comparator.comparing(ImportProposals::cluster))
                .toList()) {
            String c = cluster.cluster();
            Map<String, String> accountOfTeam = new LinkedHashMap<>();
            Map<String, String> teamOfAccount = new LinkedHashMap<>();
            mapped.stream().filter(m -> m.cluster().equals(c)).forEach(m -> {
                accountOfTeam.put(m.team(), m.slurmAccount());
                teamOfAccount.put(m.slurmAccount(), m.team());
            });
            Map<String, List<AccountProposal>> byTeam = new LinkedHashMap<>();
            for (AccountProposal p : cluster.accounts()) {
                if (p.alreadyMapped()) {
                    continue;
                }
                String what = "account " + p.slurmAccount() + " → team " + p.team() + " on " + c;
                if (accountOfTeam.containsKey(p.team())) {
                    left.add(what + ": team " + p.team() + " computes under " + accountOfTeam.get(p.team())
                            + " there (adopting would re-map it)");
                } else if (teamOfAccount.containsKey(p.slurmAccount())) {
                    left.add(what + ": the account is team " + teamOfAccount.get(p.slurmAccount()) + "'s there");
                } else {
                    byTeam.computeIfAbsent(p.team(), t -> new ArrayList<>()).add(p);
                }
            }
            byTeam.forEach((team, proposals) -> {
                List<AccountProposal> named = proposals.stream()
                        .filter(p -> p.slurmAccount().equals(team))
                        .toList();
                List<AccountProposal> chosen =
                        named.size() == 1 ? named : proposals.size() == 1 ? proposals : List.of();
                accounts.addAll(chosen);
                proposals.stream()
                        .filter(p -> !chosen.contains(p))
                        .forEach(p -> left.add("account " + p.slurmAccount() + " → team " + team + " on " + c
                                + ": one of " + proposals.size() + " accounts proposed for team " + team + " ("
                                + proposals.stream()
                                        .map(AccountProposal::slurmAccount)
                                        .collect(Collectors.joining(", "))
                                + ")"));
            });
            Map<String, String> people = peopleByCluster.getOrDefault(c, Map.of());
            for (UserProposal p : cluster.users()) {
                if (p.alreadyMapped()) {
                    continue;
                }
                if (people.containsKey(p.username())) {
                    left.add("Slurm user " + p.slurmUser() + " → " + p.username() + " on " + c + ": " + p.username()
                            + " is Slurm user " + people.get(p.username()) + " there (adopting would re-map them)");
                } else {
                    users.add(p);
                }
            }
        }
        return new ImportEverywhere(accounts, users, left, unreadable);
    }
}

package io.federa.access.internal;

import io.federa.access.AdoptResult;
import io.federa.access.ClusterPermissionsChanged;
import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmUser;
import io.federa.identity.People;
import io.federa.identity.Person;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.concurrent.DelegatingSecurityContextCallable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Import from Slurm (ADR 8): reads a cluster's accounting and proposes which Slurm account is which
 * team's and which Slurm user is which person, on one cluster or on every cluster at once, and adopts
 * chosen proposals as the portal's mappings. Callers ({@link AccountingConsole}) check the role.
 */
@Component
class SlurmImport {

    private final SlurmClients clients;
    private final ClusterRegistry registry;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers personUsers;
    private final TeamDirectory teams;
    private final People people;
    private final ApplicationEventPublisher events;

    SlurmImport(
            SlurmClients clients,
            ClusterRegistry registry,
            TeamAccounts teamAccounts,
            PersonSlurmUsers personUsers,
            TeamDirectory teams,
            People people,
            ApplicationEventPublisher events) {
        this.clients = clients;
        this.registry = registry;
        this.teamAccounts = teamAccounts;
        this.personUsers = personUsers;
        this.teams = teams;
        this.people = people;
        this.events = events;
    }

    /** What the cluster's accounting holds that maps to the portal's teams and people, as proposals. */
    ImportProposals fromCluster(String cluster) {
        SlurmAccounting accounting = clients.forCluster(cluster).accounting();
        List<SlurmAssociation> associations = accounting.associations();
        Set<String> slurmUsers = new TreeSet<>();
        accounting.users().stream().map(SlurmUser::name).forEach(slurmUsers::add);

        List<TeamOverview> allTeams = teams.allTeams();
        Map<String, Set<String>> teamsOfPerson = new HashMap<>();
        allTeams.forEach(t -> t.members()
                .forEach(m -> teamsOfPerson
                        .computeIfAbsent(m.username(), k -> new TreeSet<>())
                        .add(t.name())));
        Set<String> teamNames =
                allTeams.stream().map(TeamOverview::name).collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> mappedPeople = personUsers.onCluster(cluster);
        Map<String, String> personBySlurmUser = new HashMap<>();
        mappedPeople.forEach((person, user) -> personBySlurmUser.putIfAbsent(user, person));

        // users: a Slurm user with associations on this cluster whose name is a portal person's
        Set<String> usersHere = associations.stream()
                .map(SlurmAssociation::user)
                .filter(Objects::nonNull)
                .filter(slurmUsers::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Person> samePerson = people.byUsernames(usersHere);
        var userProposals = new ArrayList<UserProposal>();
        for (String user : usersHere) {
            Person person = samePerson.get(user);
            if (person != null) {
                boolean already = user.equals(mappedPeople.get(person.username()));
                userProposals.add(new UserProposal(
                        cluster,
                        user,
                        person.username(),
                        "same user name as portal person " + person.username() + " (" + person.displayName() + ")"
                                + (!already && mappedPeople.containsKey(person.username())
                                        ? "; now mapped to " + mappedPeople.get(person.username())
                                        : ""),
                        already));
            }
        }
        Map<String, String> personOf = new HashMap<>();
        for (String user : usersHere) {
            String person = personBySlurmUser.get(user);
            if (person == null && samePerson.containsKey(user)) {
                person = user;
            }
            if (person != null) {
                personOf.put(user, person);
            }
        }

        // accounts: the name of a portal team, or most of its users are people of one team
        Map<String, String> mappedTeamOfAccount = new HashMap<>();
        Map<String, String> mappedAccountOfTeam = new HashMap<>();
        teamAccounts.all().stream().filter(m -> m.cluster().equals(cluster)).forEach(m -> {
            mappedTeamOfAccount.put(m.slurmAccount(), m.team());
            mappedAccountOfTeam.put(m.team(), m.slurmAccount());
        });
        Map<String, Set<String>> usersOfAccount = new TreeMap<>();
        for (SlurmAssociation a : associations) {
            if (a.account().equals("root")) {
                continue;
            }
            var users = usersOfAccount.computeIfAbsent(a.account(), k -> new TreeSet<>());
            if (a.user() != null) {
                users.add(a.user());
            }
        }
        var accountProposals = new ArrayList<AccountProposal>();
        usersOfAccount.forEach((account, users) -> {
            String team = null;
            String reason = null;
            if (teamNames.contains(account)) {
                team = account;
                reason = "the account has the name of portal team " + account;
            } else if (!users.isEmpty()) {
                Map<String, List<String>> byTeam = new TreeMap<>();
                for (String user : users) {
                    String person = personOf.get(user);
                    if (person != null) {
                        for (String t : teamsOfPerson.getOrDefault(person, Set.of())) {
                            byTeam.computeIfAbsent(t, k -> new ArrayList<>()).add(user);
                        }
                    }
                }
                for (var e : byTeam.entrySet()) {
                    if (e.getValue().size() * 2 > users.size()) {
                        team = e.getKey();
                        reason = e.getValue().size() + " of its " + users.size() + " users ("
                                + String.join(", ", e.getValue()) + ") are members of team " + team;
                        break;
                    }
                }
            }
            if (team == null) {
                return;
            }
            boolean already = team.equals(mappedTeamOfAccount.get(account));
            if (!already && mappedAccountOfTeam.containsKey(team)) {
                reason += "; team " + team + " now computes under " + mappedAccountOfTeam.get(team)
                        + " (adopting re-maps it)";
            }
            if (!already && mappedTeamOfAccount.containsKey(account)) {
                reason += "; the account is now team " + mappedTeamOfAccount.get(account) + "'s";
            }
            accountProposals.add(new AccountProposal(cluster, account, team, reason, already));
        });
        return new ImportProposals(cluster, accountProposals, userProposals);
    }

    /** Every enabled cluster read at once; what "adopt all" would store and what it leaves for a choice. */
    ImportEverywhere fromEveryCluster() {
        List<String> clusters = registry.enabledClusters();
        Map<String, Future<ImportProposals>> reads = new LinkedHashMap<>();
        List<ImportProposals> found = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        // one virtual thread per cluster: a cluster that does not answer delays only itself
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var context = SecurityContextHolder.getContext();
            for (String c : clusters) {
                reads.put(c, threads.submit(new DelegatingSecurityContextCallable<>(() -> fromCluster(c), context)));
            }
            for (var read : reads.entrySet()) {
                try {
                    found.add(read.getValue().get());
                } catch (ExecutionException e) {
                    unreadable.put(
                            read.getKey(),
                            e.getCause() instanceof UserFacingException problem
                                    ? problem.userMessage()
                                    : "it could not be read ("
                                            + e.getCause().getClass().getSimpleName() + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unreadable.put(read.getKey(), "the portal is stopping");
                }
            }
        }
        Map<String, Map<String, String>> people = new HashMap<>();
        clusters.forEach(c -> people.put(c, personUsers.onCluster(c)));
        return AdoptAll.choose(found, teamAccounts.all(), people, unreadable);
    }

    /** Stores the proposals as mappings (Slurm is not changed); each one refused says why. */
    AdoptResult adopt(Collection<AccountProposal> accounts, Collection<UserProposal> users) {
        var adopted = new ArrayList<String>();
        var refused = new ArrayList<String>();
        Set<String> touched = new TreeSet<>();
        for (AccountProposal p : accounts) {
            String what = "team " + p.team() + " → account " + p.slurmAccount() + " on " + p.cluster();
            try {
                List<String> partitions = teamAccounts.allowedPartitions(p.team(), p.cluster());
                teamAccounts.map(new TeamAccount(p.cluster(), p.team(), p.slurmAccount(), partitions));
                adopted.add(what);
                touched.add(p.cluster());
            } catch (UserFacingException e) {
                refused.add(what + ": " + e.userMessage());
            }
        }
        for (UserProposal p : users) {
            String what = p.username() + " → Slurm user " + p.slurmUser() + " on " + p.cluster();
            try {
                personUsers.map(p.cluster(), p.username(), p.slurmUser());
                adopted.add(what);
                touched.add(p.cluster());
            } catch (UserFacingException e) {
                refused.add(what + ": " + e.userMessage());
            }
        }
        touched.forEach(c -> events.publishEvent(new ClusterPermissionsChanged(c)));
        return new AdoptResult(adopted, refused);
    }
}

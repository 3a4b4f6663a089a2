package io.federa.access.internal;

import io.federa.access.AdoptResult;
import io.federa.access.ApplyRecord;
import io.federa.access.ApplyStep;
import io.federa.access.ClusterPermissions;
import io.federa.access.ClusterPermissionsChanged;
import io.federa.access.DriftReport;
import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import io.federa.access.PermissionsApplied;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.Plan;
import io.federa.access.PlanChangedException;
import io.federa.access.PlannedChange;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.SlurmUser;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.identity.People;
import io.federa.identity.Person;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.concurrent.DelegatingSecurityContextCallable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Import, plan, apply and drift against a cluster's Slurm accounting (ADR 8). Slurm is read outside
 * any database transaction; each apply step is recorded as soon as it ends, so the log shows how far
 * an apply got even if the portal stops during it.
 */
@Service
class AccountingConsole implements ClusterPermissions {

    private static final Logger log = LoggerFactory.getLogger(AccountingConsole.class);

    private final SlurmClients clients;
    private final ClusterRegistry registry;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers personUsers;
    private final TeamDirectory teams;
    private final People people;
    private final CurrentUsers currentUsers;
    private final PermissionsStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditEvents audit;
    private final TransactionTemplate tx;

    AccountingConsole(
            SlurmClients clients,
            ClusterRegistry registry,
            TeamAccounts teamAccounts,
            PersonSlurmUsers personUsers,
            TeamDirectory teams,
            People people,
            CurrentUsers currentUsers,
            PermissionsStore store,
            ApplicationEventPublisher events,
            Clock clock,
            AuditEvents audit,
            TransactionTemplate tx) {
        this.audit = audit;
        this.tx = tx;
        this.clients = clients;
        this.registry = registry;
        this.teamAccounts = teamAccounts;
        this.personUsers = personUsers;
        this.teams = teams;
        this.people = people;
        this.currentUsers = currentUsers;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public ImportProposals importFromSlurm(String cluster) {
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

    @Override
    public ImportEverywhere importFromEveryCluster() {
        List<String> clusters = registry.enabledClusters();
        Map<String, Future<ImportProposals>> reads = new LinkedHashMap<>();
        List<ImportProposals> found = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        // one virtual thread per cluster: a cluster that does not answer delays only itself
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var context = SecurityContextHolder.getContext();
            for (String c : clusters) {
                reads.put(
                        c, threads.submit(new DelegatingSecurityContextCallable<>(() -> importFromSlurm(c), context)));
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

    @Override
    public AdoptResult adopt(Collection<AccountProposal> accounts, Collection<UserProposal> users) {
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

    @Override
    public Plan plan(String cluster) {
        return compute(cluster, null);
    }

    @Override
    public Plan plan(String cluster, String team) {
        return compute(cluster, team);
    }

    private Plan compute(String cluster, @Nullable String team) {
        SlurmAccounting accounting = clients.forCluster(cluster).accounting();
        List<SlurmAssociation> associations = accounting.associations();
        List<SlurmQos> qos = accounting.qos();
        Map<String, Set<String>> members = new HashMap<>();
        for (TeamOverview t : teams.allTeams()) {
            members.put(t.name(), t.members().stream().map(TeamMember::username).collect(Collectors.toSet()));
        }
        var portal = new PlanCalculator.Portal(
                cluster,
                teamAccounts.all().stream()
                        .filter(m -> m.cluster().equals(cluster))
                        .toList(),
                members,
                personUsers.onCluster(cluster));
        return PlanCalculator.plan(portal, new PlanCalculator.Slurm(associations, qos), team, now());
    }

    @Override
    public ApplyRecord apply(String cluster, @Nullable String team, String fingerprint, Consumer<ApplyStep> onStep) {
        Plan plan = compute(cluster, team);
        var audited = audit.record("permissions.applied", "cluster", cluster).team(team);
        if (!plan.fingerprint().equals(fingerprint)) {
            audit.publishAlone(new PermissionsApplied(audited.refused("the plan changed after the preview")));
            throw new PlanChangedException("The changes for " + cluster
                    + (team == null ? "" : " (team " + team + ")")
                    + " are no longer the ones you previewed: Slurm or the portal changed meanwhile. Nothing was "
                    + "applied. Preview again, check the " + plan.changes().size() + " change(s), then apply.");
        }
        String by = who();
        long id = store.startApply(cluster, team, by, now(), plan.fingerprint());
        log.info(
                "access: {} applies {} change(s) on {} (apply #{})",
                by,
                plan.changes().size(),
                cluster,
                id);
        SlurmAccounting accounting = clients.forCluster(cluster).accounting();
        int position = 0;
        for (PlannedChange change : plan.changes()) {
            String error = null;
            try {
                run(accounting, change);
            } catch (UserFacingException e) {
                error = e.userMessage();
            } catch (RuntimeException e) {
                log.warn("access: apply #{} step {} failed unexpectedly", id, position + 1, e);
                error = "unexpected failure (" + e.getClass().getSimpleName() + "); see the portal's log";
            }
            var step = new ApplyStep(++position, change, error == null, error, now());
            store.step(id, step);
            onStep.accept(step);
        }
        ApplyRecord applied = tx.execute(s -> {
            store.finishApply(id, now());
            ApplyRecord record = store.applies(cluster, 50).stream()
                    .filter(r -> r.id() == id)
                    .findFirst()
                    .orElseThrow();
            events.publishEvent(new PermissionsApplied(summary(audited, record)));
            return record;
        });
        events.publishEvent(new ClusterPermissionsChanged(cluster));
        return java.util.Objects.requireNonNull(applied);
    }

    /** Each change and how it ended, for the audit log. */
    private static AuditRecord summary(AuditRecord audited, ApplyRecord record) {
        Map<String, String> after = new java.util.LinkedHashMap<>();
        after.put("apply", String.valueOf(record.id()));
        after.put("fingerprint", record.fingerprint());
        after.put("succeeded", String.valueOf(record.succeeded()));
        after.put("failed", String.valueOf(record.failed()));
        for (ApplyStep step : record.steps()) {
            after.put(
                    "step %03d".formatted(step.position()),
                    step.change().kind().label() + " " + step.change().target()
                            + (step.ok() ? ": ok" : ": failed: " + step.error()));
        }
        AuditRecord withSteps = audited.after(after);
        return record.failed() == 0
                ? withSteps
                : withSteps.failed(record.failed() + " of " + record.steps().size() + " change(s) failed");
    }

    private static void run(SlurmAccounting accounting, PlannedChange c) {
        switch (c.kind()) {
            case CREATE_QOS -> {
                // never overwrite: its limits belong to module quota
                boolean exists = accounting.qos().stream()
                        .anyMatch(q -> q.name().equals(c.qos().getFirst()));
                if (!exists) {
                    accounting.saveQos(
                            new SlurmQos(c.qos().getFirst(), "Federa: quota of the account " + c.account(), null));
                }
            }
            case CREATE_ACCOUNT ->
                accounting.createAccount(c.account(), "Federa team account", "federa", null, c.qos(), c.defaultQos());
            case ADD_USER -> {
                String user = Objects.requireNonNull(c.user());
                boolean noDefault = accounting.users().stream()
                        .filter(u -> u.name().equals(user))
                        .findFirst()
                        .map(u ->
                                u.defaultAccount() == null || u.defaultAccount().isBlank())
                        .orElse(true);
                accounting.addUser(user, c.account(), noDefault, c.qos(), c.defaultQos());
            }
            case SET_ASSOCIATION_QOS -> accounting.setAssociationQos(c.account(), c.user(), c.qos(), c.defaultQos());
            case REMOVE_USER -> accounting.deleteUserAssociation(Objects.requireNonNull(c.user()), c.account());
        }
    }

    @Override
    public List<ApplyRecord> applyLog(String cluster, int limit) {
        return store.applies(cluster, limit);
    }

    @Override
    public DriftReport checkDrift(String cluster) {
        DriftReport report;
        try {
            report = new DriftReport(cluster, now(), compute(cluster, null).changes(), null);
        } catch (UserFacingException e) {
            report = new DriftReport(cluster, now(), List.of(), e.userMessage());
        }
        store.saveDrift(report);
        if (!report.inSync()) {
            log.info(
                    "access: drift on {}: {}",
                    cluster,
                    report.error() != null ? report.error() : report.findings().size() + " difference(s)");
        }
        events.publishEvent(new ClusterPermissionsChanged(cluster));
        return report;
    }

    @Override
    public Optional<DriftReport> lastDrift(String cluster) {
        return store.drift(cluster);
    }

    /** The database keeps microseconds: so do the records it hands back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String who() {
        return currentUsers.current().map(CurrentUser::username).orElseGet(() -> {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            return auth == null ? "unknown" : auth.getName();
        });
    }
}

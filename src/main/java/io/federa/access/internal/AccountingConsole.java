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
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.identity.People;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
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
    private final SlurmImport imports;

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
            TransactionTemplate tx,
            SlurmImport imports) {
        this.imports = imports;
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
        return imports.fromCluster(cluster);
    }

    @Override
    public ImportEverywhere importFromEveryCluster() {
        return imports.fromEveryCluster();
    }

    @Override
    public AdoptResult adopt(Collection<AccountProposal> accounts, Collection<UserProposal> users) {
        return imports.adopt(accounts, users);
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

package io.federa.runs.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmPartition;
import io.federa.identity.CurrentUser;
import io.federa.mirror.JobMirror;
import io.federa.quota.Quotas;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunPlanner;
import io.federa.submission.RunRequest;
import io.federa.submission.RunResources;
import io.federa.submission.RunRouting;
import io.federa.submission.ScriptDirectives;
import io.federa.submission.SubmissionProperties;
import io.federa.templates.RenderedTemplate;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateRendering;
import io.federa.tenancy.TeamDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The checks of a run request before anything is stored or sent (docs/adr/0013-run-templates-and-routing.md):
 * the template rendered, routing to an eligible cluster, the planner on the chosen cluster, the team's
 * account and partitions, the person's Slurm user, the quota's fit. Problems instead of exceptions, so
 * that a dry run ({@code Runs.check}) and a submit say the same; the only exception is a caller who may
 * not submit for the team. Reads the registry, the access mappings, quotas and the mirror; never Slurm.
 */
@Component
class RunChecks {

    private final ClusterRegistry registry;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers slurmUsers;
    private final Quotas quotas;
    private final TeamDirectory teams;
    private final SubmissionProperties props;
    private final RunTemplates templates;
    private final JobMirror mirror;

    RunChecks(
            JobMirror mirror,
            ClusterRegistry registry,
            TeamAccounts teamAccounts,
            PersonSlurmUsers slurmUsers,
            Quotas quotas,
            TeamDirectory teams,
            SubmissionProperties props,
            RunTemplates templates) {
        this.mirror = mirror;
        this.registry = registry;
        this.teamAccounts = teamAccounts;
        this.slurmUsers = slurmUsers;
        this.quotas = quotas;
        this.teams = teams;
        this.props = props;
        this.templates = templates;
    }

    /** Where the run may go and as whom; problems instead of exceptions, for {@link #checked}. */
    record Target(
            @Nullable ClusterOverview cluster,
            @Nullable String account,
            @Nullable String slurmUser,
            List<String> problems) {}

    private Target target(CurrentUser user, RunRequest request) {
        requireSubmitter(user, request.team());
        List<String> problems = new ArrayList<>();
        ClusterOverview cluster = registry.overview().stream()
                .filter(c -> c.name().equals(request.cluster()) && c.enabled())
                .findFirst()
                .orElse(null);
        if (cluster == null) {
            problems.add("There is no enabled cluster named \"" + request.cluster() + "\".");
            return new Target(null, null, null, problems);
        }
        String account = teamAccounts.accountsOf(List.of(request.team())).stream()
                .filter(a -> a.cluster().equals(cluster.name()))
                .map(ClusterAccount::account)
                .findFirst()
                .orElse(null);
        if (account == null) {
            problems.add("Team " + request.team() + " has no Slurm account on cluster " + cluster.name()
                    + "; a portal administrator maps one under Cluster permissions.");
        }
        String slurmUser =
                slurmUsers.slurmUserOf(cluster.name(), user.username()).orElse(null);
        if (slurmUser == null) {
            problems.add("You (" + user.username() + ") have no Slurm user on cluster " + cluster.name()
                    + ", so you cannot submit there; ask a portal administrator to map you to your Slurm user.");
        }
        return new Target(cluster, account, slurmUser, problems);
    }

    void requireSubmitter(CurrentUser user, String team) {
        if (!(user.hasRole(Roles.DATA_SCIENTIST) || user.isPortalAdmin())) {
            throw new NotAllowedException("Only data scientists submit runs.");
        }
        if (!teams.mayActFor(user, team)) {
            throw new NotAllowedException("You are not a member of team " + team + ", so you cannot submit for it.");
        }
    }

    /** The request after its template is rendered: the script and params that would be sent. */
    private record Prepared(RunRequest request, List<String> notes, List<String> problems, Map<String, String> tags) {}

    private Prepared prepare(CurrentUser user, RunRequest request) {
        if (request.template() == null || request.template().isBlank()) {
            return new Prepared(request, List.of(), List.of(), Map.of());
        }
        List<String> problems = new ArrayList<>();
        if (!request.script().isBlank()) {
            problems.add("Give either your own script or a template, not both.");
        }
        RunTemplate template = templates.find(user, request.template()).orElse(null);
        if (template == null) {
            problems.add("There is no template \"" + request.template() + "\".");
            return new Prepared(request, List.of(), problems, Map.of());
        }
        RenderedTemplate rendered = TemplateRendering.render(template, request.templateValues());
        problems.addAll(rendered.problems());
        Map<String, String> params = new LinkedHashMap<>();
        rendered.values().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v);
            }
        });
        request.params().forEach((k, v) -> {
            String fromTemplate = params.get(k);
            if (fromTemplate != null && !fromTemplate.equals(v)) {
                problems.add("The param " + k + " is also a parameter of the template; set it in the template's form.");
            } else {
                params.put(k, v);
            }
        });
        String values = String.join(
                ", ",
                rendered.values().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
        String note = "Made from template \"" + template.name() + "\" (" + template.id() + ")"
                + (values.isEmpty() ? "." : " with " + values + ".");
        return new Prepared(
                request.withScript(rendered.ok() ? rendered.script() : "", params),
                List.of(note),
                problems,
                Map.of("template", template.id()));
    }

    /** A request checked end to end: the plan, and what submitting it needs. */
    record Checked(RunPlan plan, RunRequest request, Target target, Map<String, String> tags) {}

    Checked checked(CurrentUser user, RunRequest original) {
        requireSubmitter(user, original.team());
        Prepared prepared = prepare(user, original);
        var noTarget = new Target(null, null, null, List.of());
        if (!prepared.problems().isEmpty()) {
            return new Checked(
                    new RunPlan(
                            ScriptDirectives.parse(""), null, prepared.notes(), prepared.problems(), "", null, null),
                    prepared.request(),
                    noTarget,
                    prepared.tags());
        }
        RunRequest request = prepared.request();
        RouteDecision decision = decide(user, request);
        List<String> notes = new ArrayList<>(prepared.notes());
        Map<String, String> tags = new LinkedHashMap<>(prepared.tags());
        if (request.anyCluster()) {
            if (decision.chosen() == null) {
                List<String> problems = new ArrayList<>();
                problems.add(decision.explanation());
                decision.clusters().forEach(v -> problems.add(v.cluster() + ": " + String.join(" ", v.reasons())));
                return new Checked(
                        new RunPlan(
                                ScriptDirectives.parse(request.script()),
                                null,
                                notes,
                                problems,
                                request.script(),
                                null,
                                decision),
                        request,
                        noTarget,
                        tags);
            }
            notes.add("Routing (any eligible cluster): " + decision.explanation());
            decision.clusters().stream()
                    .filter(v -> !v.chosen())
                    .forEach(v -> notes.add("Routing: " + v.cluster() + " " + v.summary()));
            tags.put("routing", RunRouting.ANY);
            request = request.withCluster(decision.chosen());
        }
        Target target = target(user, request);
        RunPlan plan = target.cluster() == null
                ? RunPlanner.plan(request, List.of(), props.maxScriptBytes(), props.workingDirectory())
                : plan(
                        request,
                        target.cluster(),
                        teamAccounts.allowedPartitions(
                                request.team(), target.cluster().name()));
        notes.addAll(plan.notes());
        List<String> problems = new ArrayList<>(target.problems());
        if (target.cluster() != null) {
            problems.addAll(plan.problems());
        }
        if (target.cluster() != null && target.account() != null && plan.resources() != null) {
            // the same facts the router uses: allowed partition and fit, said the same way
            RunRouting.Facts f = facts(user, request, target.cluster(), mirror.pendingPerCluster());
            if (f.partition() != null && !RunRouting.partitionAllowed(f.allowedPartitions(), f.partition())) {
                problems.add(RunRouting.partitionRefusal(
                        request.team(), target.cluster().name(), f.partition(), f.allowedPartitions()));
            }
            problems.addAll(RunRouting.fit(plan.resources(), f));
        }
        RunPlan result = new RunPlan(
                plan.directives(),
                problems.isEmpty() ? plan.resources() : null,
                notes,
                problems,
                request.script(),
                target.cluster() == null ? null : target.cluster().name(),
                decision);
        return new Checked(result, request, target, tags);
    }

    RouteDecision route(CurrentUser user, RunRequest request) {
        requireSubmitter(user, request.team());
        Prepared prepared = prepare(user, request);
        return decide(user, prepared.request());
    }

    private RouteDecision decide(CurrentUser user, RunRequest request) {
        Map<String, Integer> queued = mirror.pendingPerCluster();
        List<RunRouting.Facts> facts = registry.overview().stream()
                .filter(ClusterOverview::enabled)
                .filter(c -> request.anyCluster() || c.name().equals(request.cluster()))
                .map(c -> facts(user, request.withCluster(c.name()), c, queued))
                .toList();
        return RunRouting.decide(request.team(), facts);
    }

    /** What routing needs to know of one cluster: registry, access mappings, quota, mirror. No Slurm call. */
    private RunRouting.Facts facts(
            CurrentUser user, RunRequest request, ClusterOverview c, Map<String, Integer> queued) {
        String team = request.team();
        List<String> allowed = teamAccounts.allowedPartitions(team, c.name());
        RunPlan plan = plan(request, c, allowed);
        RunResources r = plan.resources();
        String partition = r == null
                ? null
                : r.partition() != null
                        ? r.partition()
                        : c.partitions().stream()
                                .filter(SlurmPartition::isDefault)
                                .map(SlurmPartition::name)
                                .findFirst()
                                .orElse(null);
        var hardware = RunRouting.Hardware.of(partition, c.partitions(), c.nodes());
        String account = teamAccounts.accountsOf(List.of(team)).stream()
                .filter(a -> a.cluster().equals(c.name()))
                .map(ClusterAccount::account)
                .findFirst()
                .orElse(null);
        String down = c.health().state() == ClusterHealth.State.DOWN
                ? (c.health().reason().isBlank()
                        ? "it does not answer"
                        : c.health().reason())
                : null;
        return new RunRouting.Facts(
                c.name(),
                down,
                account,
                allowed,
                slurmUsers.slurmUserOf(c.name(), user.username()).isPresent(),
                plan.problems(),
                r,
                partition,
                hardware.cpus(),
                hardware.maxNodeCpus(),
                hardware.maxNodeGpus(),
                quotas.quotaOf(team, c.name()).orElse(null),
                quotas.inUse(team, c.name()),
                queued.getOrDefault(c.name(), 0),
                hardware.idleCpus(),
                hardware.idleGpus());
    }

    /** The planner on one cluster: its partitions and nodes as the registry last read them, the team's partitions. */
    private RunPlan plan(RunRequest request, ClusterOverview c, List<String> allowedPartitions) {
        return RunPlanner.plan(
                request,
                c.partitions(),
                c.nodes(),
                allowedPartitions,
                props.maxScriptBytes(),
                props.workingDirectory());
    }
}

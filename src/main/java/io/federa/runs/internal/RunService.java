package io.federa.runs.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmPartition;
import io.federa.identity.CurrentUser;
import io.federa.mirror.QueuePosition;
import io.federa.quota.Quotas;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunArtifact;
import io.federa.runs.RunFilter;
import io.federa.runs.RunLogLine;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChange;
import io.federa.runs.RunSummary;
import io.federa.runs.Runs;
import io.federa.shared.FederaProperties;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.submission.ExactlyOnce;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunPlanner;
import io.federa.submission.RunRefusedException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submission and reads of runs. Submission order (docs/adr/0011-runs-idempotent-submission-and-reporting.md):
 * checks (no writes) → one transaction that stores the run as QUEUED with "submit started" and
 * reserves its quota → the submit request, outside any transaction → the answer recorded. Without an
 * answer the run stays QUEUED and {@link RunTracker} looks for its job by the run id; it is never
 * sent twice.
 */
@Service
class RunService implements Runs {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    static final int MAX_PAGE = 500;

    private final JdbcRunStore store;
    private final RunTracker tracker;
    private final ClusterRegistry registry;
    private final SlurmClients clients;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers slurmUsers;
    private final Quotas quotas;
    private final TeamDirectory teams;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SubmissionProperties props;
    private final FederaProperties federa;
    private final ArtifactFiles artifactFiles;
    private final Environment environment;
    private final RunTemplates templates;
    private final JobsAudit audit;
    private final ExactlyOnce exactlyOnce;

    RunService(
            JdbcRunStore store,
            RunTracker tracker,
            ClusterRegistry registry,
            SlurmClients clients,
            TeamAccounts teamAccounts,
            PersonSlurmUsers slurmUsers,
            Quotas quotas,
            TeamDirectory teams,
            TransactionTemplate tx,
            Clock clock,
            SubmissionProperties props,
            FederaProperties federa,
            ArtifactFiles artifactFiles,
            Environment environment,
            RunTemplates templates,
            JobsAudit audit,
            ExactlyOnce exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
        this.audit = audit;
        this.store = store;
        this.tracker = tracker;
        this.registry = registry;
        this.clients = clients;
        this.teamAccounts = teamAccounts;
        this.slurmUsers = slurmUsers;
        this.quotas = quotas;
        this.teams = teams;
        this.tx = tx;
        this.clock = clock;
        this.props = props;
        this.federa = federa;
        this.artifactFiles = artifactFiles;
        this.environment = environment;
        this.templates = templates;
    }

    static String newRunId() {
        return PortalIds.next("r-");
    }

    /** Where the run may go and as whom; problems instead of exceptions, for {@link #check}. */
    private record Target(
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

    @Override
    public void requireSubmitter(CurrentUser user, String team) {
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
    private record Checked(RunPlan plan, RunRequest request, Target target, Map<String, String> tags) {}

    private Checked checked(CurrentUser user, RunRequest original) {
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
            RunRouting.Facts f = facts(user, request, target.cluster(), store.queuedJobs());
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

    @Override
    public RunPlan check(CurrentUser user, RunRequest request) {
        return checked(user, request).plan();
    }

    @Override
    public RouteDecision route(CurrentUser user, RunRequest request) {
        requireSubmitter(user, request.team());
        Prepared prepared = prepare(user, request);
        return decide(user, prepared.request());
    }

    private RouteDecision decide(CurrentUser user, RunRequest request) {
        Map<String, Integer> queued = store.queuedJobs();
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
                hardware.idleCpus());
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

    @Override
    public Run submit(CurrentUser user, RunRequest original) {
        Checked checked = checked(user, original);
        RunPlan plan = checked.plan();
        if (!plan.ok()) {
            throw new RunRefusedException(plan.problems());
        }
        RunRequest request = checked.request();
        Target target = checked.target();
        RunResources resources = plan.resources();
        String account = target.account();
        String slurmUser = target.slurmUser();
        String cluster = request.cluster();
        String id = newRunId();
        String token = RunTokens.newToken();
        Instant now = clock.instant();
        var run = new Run(
                id,
                request.team(),
                user.username(),
                cluster,
                slurmUser,
                account,
                RunState.QUEUED,
                "",
                request.script(),
                resources,
                request.gitCommit() == null || request.gitCommit().isBlank()
                        ? null
                        : request.gitCommit().trim(),
                request.params(),
                checked.tags(),
                null,
                now,
                null,
                null,
                plan.notes());
        // stored and reserved together: a quota refusal leaves nothing behind
        tx.executeWithoutResult(s -> {
            store.insert(run, RunTokens.hash(token), now);
            quotas.reserve(request.team(), cluster, id, resources.cpus(), resources.totalGpus());
            audit.runSubmitted(user, run);
        });
        exactlyOnce.send(tracker, id, cluster, slurmUser, submission(run, token));
        return store.find(id).orElseThrow();
    }

    private JobSubmission submission(Run run, String token) {
        RunResources r = run.resources();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FEDERA_URL", publicUrl());
        env.put("FEDERA_RUN_ID", run.id());
        env.put("FEDERA_TOKEN", token);
        run.params().forEach((k, v) -> env.put("FEDERA_PARAM_" + k.toUpperCase(Locale.ROOT), v));
        return r.job(run.script(), run.id(), run.account(), tracker.comment(run.id()), env);
    }

    private String publicUrl() {
        return federa.jobsUrl(environment);
    }

    @Override
    public Run cancel(CurrentUser user, String runId) {
        Run run = visible(user, runId).orElseThrow(() -> new NotAllowedException("There is no run " + runId + "."));
        if (!mayCancel(user, run)) {
            throw new NotAllowedException(
                    "Only " + run.owner() + ", who submitted run " + runId + ", or a portal admin can cancel it.");
        }
        if (run.state().isFinal()) {
            return run;
        }
        if (run.slurmJobId() == null) {
            throw new RunRefusedException("Run " + runId + " has no Slurm job yet (the portal is still looking for "
                    + "it); cancel it once it shows one.");
        }
        try {
            clients.forCluster(run.cluster()).cancel(cancelAs(user, run), run.slurmJobId());
        } catch (UserFacingException e) {
            audit.runCancelled(user, run, e.userMessage());
            throw e;
        }
        audit.runCancelled(user, run, null);
        log.info("run {}: cancel of job {} on {} sent by {}", runId, run.slurmJobId(), run.cluster(), user.username());
        return store.find(runId).orElseThrow();
    }

    /** The owner while still a submitter for the run's team, or a portal admin; never a team mate. */
    @Override
    public boolean mayCancel(CurrentUser user, Run run) {
        if (user.isPortalAdmin()) {
            return true;
        }
        return user.username().equals(run.owner())
                && user.hasRole(Roles.DATA_SCIENTIST)
                && teams.mayActFor(user, run.team());
    }

    /**
     * The owner acts as the run's Slurm user (their own, ADR 6); a portal admin who is not the owner
     * acts as the cluster's admin Slurm user, so Slurm records an administrator's cancel.
     */
    private String cancelAs(CurrentUser user, Run run) {
        if (user.username().equals(run.owner())) {
            return run.slurmUser();
        }
        return registry.overview().stream()
                .filter(c -> c.name().equals(run.cluster()))
                .map(ClusterOverview::adminUser)
                .findFirst()
                .orElseThrow(() -> new ClusterUnavailableException(run.cluster(), "it is no longer registered"));
    }

    @Override
    public List<RunSummary> list(CurrentUser user, RunFilter filter, int offset, int limit) {
        int size = Math.clamp(limit, 1, MAX_PAGE);
        int skip = Math.max(offset, 0);
        Optional<List<String>> scope = scope(user, filter);
        return scope.map(teams -> store.page(teams.isEmpty() ? null : teams, filter, skip, size))
                .orElse(List.of());
    }

    @Override
    public int count(CurrentUser user, RunFilter filter) {
        return scope(user, filter)
                .map(teams -> store.count(teams.isEmpty() ? null : teams, filter))
                .orElse(0);
    }

    /**
     * The teams whose runs the user may list: empty for none at all, an empty list for every team
     * (portal admins without a team filter).
     */
    private Optional<List<String>> scope(CurrentUser user, RunFilter filter) {
        if (filter.team() != null) {
            return teams.mayActFor(user, filter.team()) ? Optional.of(List.of(filter.team())) : Optional.empty();
        }
        if (user.isPortalAdmin()) {
            return Optional.of(List.of());
        }
        List<String> mine = teams.teamsInScope(user);
        return mine.isEmpty() ? Optional.empty() : Optional.of(mine);
    }

    @Override
    public List<MetricPoint> lastMetrics(CurrentUser user, String runId) {
        return mayRead(user, runId) ? store.lastMetrics(runId) : List.of();
    }

    @Override
    public Optional<QueuePosition> queuePosition(CurrentUser user, String runId) {
        return mayRead(user, runId) ? store.queuePosition(runId) : Optional.empty();
    }

    @Override
    public Optional<Run> find(CurrentUser user, String runId) {
        return visible(user, runId);
    }

    @Override
    public Set<String> visible(CurrentUser user, Collection<String> runIds) {
        if (runIds.size() > MAX_COMPARE) {
            throw new IllegalArgumentException("at most " + MAX_COMPARE + " run ids at once");
        }
        if (runIds.isEmpty()) {
            return Set.of();
        }
        Map<String, Boolean> mayActFor = new HashMap<>();
        Set<String> visible = new HashSet<>();
        store.teamsOf(runIds).forEach((id, team) -> {
            if (mayActFor.computeIfAbsent(team, t -> teams.mayActFor(user, t))) {
                visible.add(id);
            }
        });
        return visible;
    }

    @Override
    public List<RunStateChange> history(CurrentUser user, String runId) {
        return mayRead(user, runId) ? store.history(runId) : List.of();
    }

    @Override
    public List<MetricPoint> metrics(CurrentUser user, String runId, @Nullable String key, long fromStep, int limit) {
        return mayRead(user, runId)
                ? store.metrics(runId, key, fromStep, Math.clamp(limit, 1, MAX_METRIC_POINTS_READ))
                : List.of();
    }

    @Override
    public List<MetricPoint> metricCurves(CurrentUser user, String runId, int pointsPerSeries) {
        return mayRead(user, runId)
                ? store.metricCurves(runId, Math.clamp(pointsPerSeries, 4, MAX_CURVE_POINTS))
                : List.of();
    }

    @Override
    public List<MetricPoint> metricCurve(
            CurrentUser user, String runId, String key, @Nullable Long fromStep, @Nullable Long toStep, int points) {
        return mayRead(user, runId)
                ? store.metricCurves(
                        runId,
                        key,
                        fromStep == null ? Long.MIN_VALUE : fromStep,
                        toStep == null ? Long.MAX_VALUE : toStep,
                        Math.clamp(points, 4, MAX_CURVE_POINTS))
                : List.of();
    }

    @Override
    public List<RunLogLine> logs(CurrentUser user, String runId, long afterSeq, int limit) {
        return mayRead(user, runId) ? store.logs(runId, afterSeq, Math.clamp(limit, 1, 10_000)) : List.of();
    }

    @Override
    public List<RunLogLine> logTail(CurrentUser user, String runId, int limit) {
        return mayRead(user, runId) ? store.logTail(runId, Math.clamp(limit, 1, 10_000)) : List.of();
    }

    @Override
    public List<RunArtifact> artifacts(CurrentUser user, String runId) {
        return mayRead(user, runId) ? store.artifacts(runId) : List.of();
    }

    @Override
    public Optional<Path> artifactFile(CurrentUser user, String runId, String name) {
        Optional<Run> run = visible(user, runId);
        if (run.isEmpty()
                || store.artifacts(runId).stream().noneMatch(a -> a.name().equals(name))) {
            return Optional.empty();
        }
        Path file = artifactFiles.fileOf(run.get().team(), runId, name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private boolean mayRead(CurrentUser user, String runId) {
        return store.teamOf(runId).filter(team -> teams.mayActFor(user, team)).isPresent();
    }

    private Optional<Run> visible(CurrentUser user, String runId) {
        if (!mayRead(user, runId)) {
            return Optional.empty();
        }
        return store.find(runId);
    }
}

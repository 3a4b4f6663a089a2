package io.federa.runs.internal;

import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClients;
import io.federa.identity.CurrentUser;
import io.federa.mirror.JobMirror;
import io.federa.mirror.QueuePosition;
import io.federa.quota.Quotas;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunArtifact;
import io.federa.runs.RunFilter;
import io.federa.runs.RunLogLine;
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
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.submission.RunResources;
import io.federa.tenancy.TeamDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * checks ({@link RunChecks}, no writes) → one transaction that stores the run as QUEUED with "submit
 * started" and reserves its quota → the submit through the submission module's exactly-once core,
 * outside any transaction → the answer recorded by {@link RunTracker}, the runs' ledger. Without an
 * answer the run stays QUEUED and the core looks for its job by the run id; it is never sent twice.
 */
@Service
class RunService implements Runs {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    static final int MAX_PAGE = 500;

    private final JdbcRunStore store;
    private final JdbcReportStore reports;
    private final RunTracker tracker;
    private final ClusterRegistry registry;
    private final SlurmClients clients;
    private final Quotas quotas;
    private final TeamDirectory teams;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final FederaProperties federa;
    private final ArtifactFiles artifactFiles;
    private final Environment environment;
    private final JobsAudit audit;
    private final ExactlyOnce exactlyOnce;
    private final RunChecks checks;
    private final JobMirror mirror;

    RunService(
            JdbcRunStore store,
            JdbcReportStore reports,
            RunTracker tracker,
            ClusterRegistry registry,
            SlurmClients clients,
            Quotas quotas,
            TeamDirectory teams,
            TransactionTemplate tx,
            Clock clock,
            FederaProperties federa,
            ArtifactFiles artifactFiles,
            Environment environment,
            JobsAudit audit,
            ExactlyOnce exactlyOnce,
            RunChecks checks,
            JobMirror mirror) {
        this.checks = checks;
        this.mirror = mirror;
        this.exactlyOnce = exactlyOnce;
        this.audit = audit;
        this.store = store;
        this.reports = reports;
        this.tracker = tracker;
        this.registry = registry;
        this.clients = clients;
        this.quotas = quotas;
        this.teams = teams;
        this.tx = tx;
        this.clock = clock;
        this.federa = federa;
        this.artifactFiles = artifactFiles;
        this.environment = environment;
    }

    @Override
    public void requireSubmitter(CurrentUser user, String team) {
        checks.requireSubmitter(user, team);
    }

    @Override
    public RunPlan check(CurrentUser user, RunRequest request) {
        return checks.checked(user, request).plan();
    }

    @Override
    public RouteDecision route(CurrentUser user, RunRequest request) {
        return checks.route(user, request);
    }

    static String newRunId() {
        return PortalIds.next("r-");
    }

    @Override
    public Run submit(CurrentUser user, RunRequest original) {
        RunChecks.Checked checked = checks.checked(user, original);
        RunPlan plan = checked.plan();
        if (!plan.ok()) {
            throw new RunRefusedException(plan.problems());
        }
        RunRequest request = checked.request();
        RunChecks.Target target = checked.target();
        RunResources resources = plan.resources();
        String account = target.account();
        String slurmUser = target.slurmUser();
        String cluster = request.cluster();
        String id = newRunId();
        String token = RunTokens.newToken();
        Instant now = clock.instant();
        var origin = new Run.Origin(
                request.team(), user.username(), cluster, slurmUser, account, request.script(), request.gitCommit());
        var run = Run.queued(id, origin, resources, request.params(), checked.tags(), now, plan.notes());
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
        return mayRead(user, runId) ? reports.lastMetrics(runId) : List.of();
    }

    @Override
    public Optional<QueuePosition> queuePosition(CurrentUser user, String runId) {
        // the mirror owns the queue (ADR 25): the run only names its job
        return visible(user, runId)
                .filter(r -> r.slurmJobId() != null)
                .flatMap(r -> mirror.queuePosition(r.cluster(), Objects.requireNonNull(r.slurmJobId())));
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
                ? reports.metrics(runId, key, fromStep, Math.clamp(limit, 1, MAX_METRIC_POINTS_READ))
                : List.of();
    }

    @Override
    public List<MetricPoint> metricCurves(CurrentUser user, String runId, int pointsPerSeries) {
        return mayRead(user, runId)
                ? reports.metricCurves(runId, Math.clamp(pointsPerSeries, 4, MAX_CURVE_POINTS))
                : List.of();
    }

    @Override
    public List<MetricPoint> metricCurve(
            CurrentUser user, String runId, String key, @Nullable Long fromStep, @Nullable Long toStep, int points) {
        return mayRead(user, runId)
                ? reports.metricCurves(
                        runId,
                        key,
                        fromStep == null ? Long.MIN_VALUE : fromStep,
                        toStep == null ? Long.MAX_VALUE : toStep,
                        Math.clamp(points, 4, MAX_CURVE_POINTS))
                : List.of();
    }

    @Override
    public List<RunLogLine> logs(CurrentUser user, String runId, long afterSeq, int limit) {
        return mayRead(user, runId) ? reports.logs(runId, afterSeq, Math.clamp(limit, 1, 10_000)) : List.of();
    }

    @Override
    public List<RunLogLine> logTail(CurrentUser user, String runId, int limit) {
        return mayRead(user, runId) ? reports.logTail(runId, Math.clamp(limit, 1, 10_000)) : List.of();
    }

    @Override
    public List<RunArtifact> artifacts(CurrentUser user, String runId) {
        return mayRead(user, runId) ? reports.artifacts(runId) : List.of();
    }

    @Override
    public Optional<Path> artifactFile(CurrentUser user, String runId, String name) {
        Optional<Run> run = visible(user, runId);
        if (run.isEmpty()
                || reports.artifacts(runId).stream().noneMatch(a -> a.name().equals(name))) {
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

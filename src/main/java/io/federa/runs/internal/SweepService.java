package io.federa.runs.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.clusters.JobSubmission;
import io.federa.identity.CurrentUser;
import io.federa.quota.Quotas;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.Run;
import io.federa.runs.Runs;
import io.federa.runs.Sweep;
import io.federa.runs.SweepBest;
import io.federa.runs.SweepExpansion;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepRequest;
import io.federa.runs.SweepSpace;
import io.federa.runs.SweepState;
import io.federa.runs.SweepTrial;
import io.federa.runs.SweepTrialRun;
import io.federa.runs.Sweeps;
import io.federa.shared.FederaProperties;
import io.federa.submission.ExactlyOnce;
import io.federa.submission.RunPlan;
import io.federa.submission.RunResources;
import io.federa.tenancy.TeamDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sweeps as job arrays (docs/adr/0012-sweeps-as-job-arrays.md, "How sweeps join runs"). The same
 * order as a run's submission (ADR 11): checks (no writes) → one transaction that stores the sweep,
 * one run per trial (ids and tokens made here) and the quota reservation → ONE submit of the array,
 * outside any transaction → the answer recorded. Without an answer {@link SweepTracker} looks for the
 * array by the sweep's comment; it is never sent twice.
 */
@Service
class SweepService implements Sweeps {

    /** Trials one sweep may have, whatever the spec asks (a cluster's MaxArraySize is 1001 by default). */
    static final int MAX_TRIALS = 1000;

    static final int DEFAULT_CONCURRENCY = 4;

    private final Runs runs;
    private final JdbcSweepStore sweeps;
    private final JdbcRunStore runStore;
    private final SweepTracker tracker;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers slurmUsers;
    private final Quotas quotas;
    private final TeamDirectory teams;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final FederaProperties federa;
    private final Environment environment;

    private final JobsAudit audit;
    private final ExactlyOnce exactlyOnce;

    SweepService(
            Runs runs,
            JdbcSweepStore sweeps,
            JdbcRunStore runStore,
            SweepTracker tracker,
            TeamAccounts teamAccounts,
            PersonSlurmUsers slurmUsers,
            Quotas quotas,
            TeamDirectory teams,
            TransactionTemplate tx,
            Clock clock,
            FederaProperties federa,
            Environment environment,
            JobsAudit audit,
            ExactlyOnce exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
        this.audit = audit;
        this.runs = runs;
        this.sweeps = sweeps;
        this.runStore = runStore;
        this.tracker = tracker;
        this.teamAccounts = teamAccounts;
        this.slurmUsers = slurmUsers;
        this.quotas = quotas;
        this.teams = teams;
        this.tx = tx;
        this.clock = clock;
        this.federa = federa;
        this.environment = environment;
    }

    static String newSweepId() {
        return PortalIds.next("s-");
    }

    @Override
    public void requireSubmitter(CurrentUser user, String team) {
        runs.requireSubmitter(user, team);
    }

    @Override
    public Sweep submit(CurrentUser user, SweepRequest request) {
        // the run checks first: they refuse a user who may not submit for the team (NotAllowedException)
        RunPlan plan = runs.check(user, request.asRunRequest());
        List<String> problems = new ArrayList<>(SweepExpansion.problems(request.spec()));
        if (request.spec().maxTrials() > MAX_TRIALS) {
            problems.add("A sweep has at most " + MAX_TRIALS + " trials.");
        }
        String metric = request.objectiveMetric() == null
                ? ""
                : request.objectiveMetric().strip();
        if (metric.isEmpty() || metric.length() > 255) {
            problems.add("Name the objective metric (1 to 255 characters), e.g. loss: the metric whose final value "
                    + "ranks the trials.");
        }
        if (request.maxConcurrent() != null && request.maxConcurrent() < 1) {
            problems.add("At least one trial must be able to run at a time, not " + request.maxConcurrent() + ".");
        }
        if (plan.directives().directives().stream()
                .anyMatch(d -> d.option().equals("--array") || d.option().equals("-a"))) {
            problems.add("The script sets --array: leave it out, the sweep makes the job array (one task a trial).");
        }
        problems.addAll(plan.problems());
        if (!problems.isEmpty() || plan.resources() == null) {
            throw new InvalidSweepException(problems.isEmpty() ? List.of("The sweep cannot run.") : problems);
        }
        List<SweepTrial> trials = SweepExpansion.expand(request.spec());
        int concurrency = Math.clamp(
                request.maxConcurrent() == null
                        ? Math.min(trials.size(), DEFAULT_CONCURRENCY)
                        : request.maxConcurrent(),
                1,
                trials.size());
        String cluster = request.cluster();
        String account = teamAccounts.accountsOf(List.of(request.team())).stream()
                .filter(a -> a.cluster().equals(cluster))
                .map(ClusterAccount::account)
                .findFirst()
                .orElseThrow(() ->
                        new InvalidSweepException("Team " + request.team() + " has no account on " + cluster + "."));
        String slurmUser = slurmUsers
                .slurmUserOf(cluster, user.username())
                .orElseThrow(() -> new InvalidSweepException("You have no Slurm user on " + cluster + "."));
        RunResources perTrial = trialResources(plan.resources());
        Instant now = clock.instant();
        String sweepId = newSweepId();
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add("The team's quota holds " + concurrency + " × one trial's resources ("
                + perTrial.cpus() * concurrency + " CPUs"
                + (perTrial.totalGpus() > 0 ? ", " + perTrial.totalGpus() * concurrency + " GPUs" : "") + "): at most "
                + concurrency + " of the " + trials.size() + " trials run at once.");
        var sweep = new Sweep(
                sweepId,
                request.team(),
                user.username(),
                cluster,
                slurmUser,
                account,
                SweepState.QUEUED,
                "",
                request.script(),
                SweepSpace.format(request.spec().parameters()),
                request.spec().strategy(),
                request.spec().samples(),
                request.spec().seed(),
                metric,
                request.goal(),
                concurrency,
                trials.size(),
                perTrial.jobName(),
                perTrial.cpus(),
                perTrial.totalGpus(),
                perTrial.partition(),
                perTrial.timeLimitMinutes(),
                null,
                now,
                null,
                null,
                notes);
        // trial runs made before the submit: their ids go into the array's preamble; their tokens do not
        // (anyone who reads the script would hold every trial's): each running task claims its own (ADR 17)
        Map<Integer, Map<String, String>> perTask = new HashMap<>();
        List<Run> trialRuns = new ArrayList<>();
        for (SweepTrial trial : trials) {
            String runId = RunService.newRunId();
            perTask.put(trial.index(), Map.of("FEDERA_RUN_ID", runId));
            trialRuns.add(Run.queued(
                    runId,
                    sweep.origin(request.gitCommit()),
                    perTrial,
                    trial.params(),
                    Map.of(),
                    now,
                    List.of("Trial " + trial.index() + " of sweep " + sweepId + ".")));
        }
        String claimSecret = RunTokens.newClaimSecret();
        String rendered = SweepExpansion.withPreamble(request.script(), trials, perTask, TrialTokens.FETCH);
        tx.executeWithoutResult(s -> {
            sweeps.insert(sweep, RunTokens.hash(claimSecret), now);
            for (int i = 0; i < trialRuns.size(); i++) {
                Run run = trialRuns.get(i);
                runStore.insert(run, null, now);
                sweeps.markTrial(run.id(), sweepId, trials.get(i).index());
            }
            quotas.reserve(
                    request.team(),
                    cluster,
                    sweepId,
                    perTrial.cpus() * concurrency,
                    perTrial.totalGpus() * concurrency);
            audit.sweepSubmitted(user, sweep, trialRuns.size());
        });
        JobSubmission submission = submission(sweep, perTrial, rendered, claimSecret)
                .withArray(SweepExpansion.jobArray(trials, concurrency).spec());
        exactlyOnce.send(tracker, sweepId, cluster, slurmUser, submission);
        return sweeps.find(sweepId).orElseThrow();
    }

    /** Slurm's default output ({@code %j}) would be the same file for every task: name it per task. */
    private static RunResources trialResources(RunResources r) {
        String output = r.output().equals("%x.%j.out") ? "%x.%A_%a.out" : r.output();
        return new RunResources(
                r.tasks(),
                r.cpusPerTask(),
                r.nodes(),
                r.gpus(),
                r.gres(),
                r.partition(),
                r.timeLimitMinutes(),
                r.jobName(),
                output,
                r.workingDirectory(),
                r.exclusive());
    }

    private JobSubmission submission(Sweep sweep, RunResources r, String script, String claimSecret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FEDERA_URL", publicUrl());
        env.put("FEDERA_SWEEP_ID", sweep.id());
        env.put("FEDERA_SWEEP_CLAIM", claimSecret);
        return r.job(script, sweep.id(), sweep.account(), tracker.comment(sweep.id()), env);
    }

    private String publicUrl() {
        return federa.jobsUrl(environment);
    }

    @Override
    public Optional<Sweep> find(CurrentUser user, String sweepId) {
        return mayRead(user, sweepId) ? sweeps.find(sweepId) : Optional.empty();
    }

    @Override
    public List<Sweep> page(CurrentUser user, @Nullable String team, int offset, int limit) {
        int size = Math.clamp(limit, 1, RunService.MAX_PAGE);
        int skip = Math.max(offset, 0);
        if (team != null && !team.isBlank()) {
            return teams.mayActFor(user, team) ? sweeps.page(List.of(team), skip, size) : List.of();
        }
        if (user.isPortalAdmin()) {
            return sweeps.page(null, skip, size);
        }
        List<String> mine =
                user.groups().stream().filter(t -> teams.mayActFor(user, t)).toList();
        return mine.isEmpty() ? List.of() : sweeps.page(mine, skip, size);
    }

    @Override
    public List<SweepTrialRun> trials(CurrentUser user, String sweepId) {
        return find(user, sweepId)
                .map(s -> sweeps.trials(s.id(), s.objectiveMetric()))
                .orElse(List.of());
    }

    @Override
    public Optional<SweepBest> best(CurrentUser user, String sweepId) {
        Optional<Sweep> sweep = find(user, sweepId);
        if (sweep.isEmpty()) {
            return Optional.empty();
        }
        List<SweepTrialRun> trials = sweeps.trials(sweepId, sweep.get().objectiveMetric());
        return best(sweep.get(), trials);
    }

    /** The best of already read trials (the page reads them once for both). */
    static Optional<SweepBest> best(Sweep sweep, List<SweepTrialRun> trials) {
        Map<Integer, Map<String, Double>> values = new HashMap<>();
        for (SweepTrialRun t : trials) {
            if (t.objectiveValue() != null) {
                values.put(t.index(), Map.of(sweep.objectiveMetric(), t.objectiveValue()));
            }
        }
        return SweepObjective.best(sweep.trialCount(), values, sweep.objectiveMetric(), sweep.goal())
                .map(b -> new SweepBest(
                        trials.stream()
                                .filter(t -> t.index() == b.trialIndex())
                                .findFirst()
                                .orElseThrow(),
                        b.value(),
                        b.tiedTrials(),
                        b.trialsWithoutValue()));
    }

    private boolean mayRead(CurrentUser user, String sweepId) {
        return sweeps.teamOf(sweepId)
                .filter(team -> teams.mayActFor(user, team))
                .isPresent();
    }
}

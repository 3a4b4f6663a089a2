package io.federa.runs.internal;

import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobState;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.PendingReasons;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.Quotas;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChanged;
import io.federa.submission.SubmissionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes each run follow its Slurm job, and finds jobs whose submit answer was lost.
 *
 * <ul>
 *   <li>After every poll that changed the mirror ({@link JobsMirrored}), and every few seconds as a
 *       safety net, open runs take the state of their mirrored job (one join, no Slurm call).
 *   <li>A run without a job id although its submit started is looked for by its id in the job's
 *       comment: first in the mirror, then in the cluster's full job list. Found: adopted. The
 *       cluster answered and has no such job {@code federa.submission.lost-after} after the submit: LOST,
 *       never re-sent (docs/adr/0011-runs-idempotent-submission-and-reporting.md).
 * </ul>
 *
 * Every step is a conditional update (state = expected), so the event listener and the scheduled
 * pass may race without recording a step twice.
 */
@Component
class RunTracker {

    private static final Logger log = LoggerFactory.getLogger(RunTracker.class);

    private final JdbcRunStore store;
    private final SlurmClients clients;
    private final Quotas quotas;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RunsProperties props;
    private final SubmissionProperties submission;
    /** Runs whose submit request this portal is sending right now: not to be reconciled meanwhile. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    RunTracker(
            JdbcRunStore store,
            SlurmClients clients,
            Quotas quotas,
            ApplicationEventPublisher events,
            PlatformTransactionManager txManager,
            Clock clock,
            RunsProperties props,
            SubmissionProperties submission) {
        this.store = store;
        this.clients = clients;
        this.quotas = quotas;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.props = props;
        this.submission = submission;
    }

    void sending(String runId) {
        inFlight.add(runId);
    }

    void sent(String runId) {
        inFlight.remove(runId);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(JobsMirrored event) {
        try {
            follow(event.cluster());
        } catch (RuntimeException e) {
            log.warn("runs of {} could not follow their jobs", event.cluster(), e);
        }
    }

    @Scheduled(fixedDelayString = "${federa.submission.reconcile-interval:5s}")
    void reconcile() {
        for (String cluster : store.clustersWithOpenRuns()) {
            follow(cluster);
        }
        for (String cluster : store.clustersWithRunsWithoutJob()) {
            try {
                findLostAnswers(cluster);
            } catch (RuntimeException e) {
                log.warn("looking for the jobs of runs on {} failed", cluster, e);
            }
        }
    }

    /** The cluster accepted the run's job (or the portal found it): record it and follow it. */
    void jobFound(String runId, long jobId, String reason) {
        Instant now = clock.instant();
        boolean revived = Boolean.TRUE.equals(tx.execute(s -> {
            if (!store.attachJob(runId, jobId, now)) {
                return false;
            }
            var run = store.open(runId).orElseThrow();
            if (run.state() == RunState.LOST) {
                // a job turned up after the run was given up: follow it again and hold its quota again
                try {
                    quotas.reserve(
                            run.team(),
                            run.cluster(),
                            runId,
                            store.find(runId).orElseThrow().resources().cpus(),
                            store.find(runId).orElseThrow().resources().totalGpus());
                } catch (QuotaExceededException e) {
                    log.warn("run {}: its late job {} runs over the team's quota", runId, jobId);
                }
            }
            move(runId, run.state(), RunState.SUBMITTED, reason, now);
            return true;
        }));
        if (revived) {
            store.open(runId).ifPresent(r -> follow(r.cluster()));
        }
    }

    /** The run ends without (further) Slurm involvement: refused, never sent, or lost. */
    void end(String runId, RunState from, RunState to, String reason) {
        tx.executeWithoutResult(s -> move(runId, from, to, reason, clock.instant()));
    }

    /** Open runs take the state of their mirrored job. */
    void follow(String cluster) {
        // a transaction of its own: after the poller's commit its resources are still bound to the thread
        tx.executeWithoutResult(s -> {
            for (JdbcRunStore.FollowedJob job : store.followed(cluster)) {
                Target target = target(job);
                if (target == null) {
                    continue;
                }
                if (target.state() == job.runState()) {
                    if (!target.reason().equals(job.runReason())) {
                        store.setReason(job.runId(), target.reason());
                    }
                    continue;
                }
                move(job.runId(), job.runState(), target.state(), target.reason(), clock.instant());
            }
        });
    }

    private void move(String runId, RunState from, RunState to, String reason, Instant now) {
        Instant expires = to.isFinal() ? now.plus(props.tokenGrace()) : null;
        if (!store.transition(runId, from, to, reason, now, expires)) {
            return;
        }
        if (to.isFinal()) {
            quotas.release(runId);
        }
        store.teamOf(runId)
                .ifPresent(team -> events.publishEvent(new RunStateChanged(
                        runId, team, store.open(runId).orElseThrow().cluster(), to)));
        log.debug("run {}: {} -> {} {}", runId, from, to, reason);
    }

    private record Target(RunState state, String reason) {}

    private static @Nullable Target target(JdbcRunStore.FollowedJob job) {
        JobState state = JobState.parse(job.jobState());
        return switch (state) {
            case PENDING -> new Target(RunState.PENDING, PendingReasons.inWords(job.jobReason()));
            case RUNNING -> new Target(RunState.RUNNING, "");
            case SUSPENDED -> new Target(RunState.RUNNING, "suspended by Slurm");
            case COMPLETED -> new Target(RunState.COMPLETED, "");
            case CANCELLED -> new Target(RunState.CANCELLED, "");
            case FAILED ->
                new Target(
                        RunState.FAILED,
                        job.exitCode() == null ? "the job failed" : "the job failed with exit code " + job.exitCode());
            case TIMEOUT -> new Target(RunState.FAILED, "the job reached its time limit");
            case OUT_OF_MEMORY -> new Target(RunState.FAILED, "the job ran out of memory");
            case NODE_FAIL -> new Target(RunState.FAILED, "a node of the job failed");
            case BOOT_FAIL -> new Target(RunState.FAILED, "a node of the job failed to boot");
            case DEADLINE -> new Target(RunState.FAILED, "the job missed its deadline");
            case PREEMPTED -> new Target(RunState.FAILED, "the job was preempted");
            case UNKNOWN ->
                job.jobFinal()
                        ? new Target(
                                RunState.LOST,
                                job.jobReason().isBlank()
                                        ? "the cluster no longer knows job " + job.jobId()
                                        : job.jobReason())
                        : null;
        };
    }

    /**
     * Runs without a job id: the mirror first, then the cluster's own list (which also holds jobs
     * that ended recently). Never sends anything but reads.
     */
    private void findLostAnswers(String cluster) {
        List<JdbcRunStore.OpenRun> runs = store.withoutJob(cluster).stream()
                .filter(r -> !inFlight.contains(r.id()))
                .toList();
        if (runs.isEmpty()) {
            return;
        }
        List<SlurmJob> listed = null;
        String unavailable = null;
        for (JdbcRunStore.OpenRun run : runs) {
            List<Long> mirrored = store.mirroredJobsOf(run);
            if (!mirrored.isEmpty()) {
                adopt(run, mirrored.getFirst(), mirrored.size());
                continue;
            }
            if (listed == null && unavailable == null) {
                try {
                    listed = clients.forCluster(cluster).jobs(null).jobs();
                } catch (ClusterUnavailableException | SlurmException e) {
                    unavailable = e.getMessage();
                }
            }
            if (listed != null) {
                List<Long> found = listed.stream()
                        .filter(j -> isRunsJob(run, j))
                        .map(SlurmJob::jobId)
                        .sorted()
                        .toList();
                if (!found.isEmpty()) {
                    adopt(run, found.getFirst(), found.size());
                    continue;
                }
            }
            if (run.state() == RunState.LOST) {
                continue; // already given up; adopted above if its job ever turns up
            }
            Instant started = run.submitStartedAt();
            Duration waited = Duration.between(started == null ? clock.instant() : started, clock.instant());
            if (listed != null && waited.compareTo(submission.lostAfter()) >= 0) {
                end(
                        run.id(),
                        run.state(),
                        RunState.LOST,
                        "The answer of cluster " + cluster + " to the submission was lost, and " + waited.toSeconds()
                                + " s later the cluster has no job for this run (neither in its job list nor in "
                                + "the portal's mirror). Nothing runs for it and nothing was sent again; submit "
                                + "it again.");
            } else {
                String why = listed == null
                        ? "the cluster cannot be asked right now (" + unavailable + ")"
                        : "the cluster has no such job yet";
                store.setReason(
                        run.id(),
                        "The answer of cluster " + cluster + " to the submission was lost; the portal is looking "
                                + "for the job by its run id and never sends it twice (" + why + ").");
            }
        }
    }

    /** The run's comment alone proves nothing (anyone can copy it): also the run's Slurm user and account. */
    private static boolean isRunsJob(JdbcRunStore.OpenRun run, SlurmJob job) {
        return RunService.comment(run.id()).equals(job.comment())
                && run.slurmUser().equals(job.user())
                && run.account().equalsIgnoreCase(job.account());
    }

    private void adopt(JdbcRunStore.OpenRun run, long jobId, int found) {
        if (found > 1) {
            // cannot come from the portal (it never re-sends); someone copied the comment by hand
            log.warn(
                    "run {}: {} jobs on {} carry its id; following the first, {}",
                    run.id(),
                    found,
                    run.cluster(),
                    jobId);
        }
        log.info("run {}: found job {} on {} after a lost submit answer", run.id(), jobId, run.cluster());
        jobFound(run.id(), jobId, "found on the cluster by its run id after the submit answer was lost");
    }

    Optional<JdbcRunStore.OpenRun> open(String runId) {
        return store.open(runId);
    }
}

package io.federa.runs.internal;

import io.federa.mirror.JobMirror;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.PendingReasons;
import io.federa.mirror.TrackedJob;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.Quotas;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChanged;
import io.federa.submission.SubmissionLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Makes each run follow its Slurm job, and is the runs' {@link SubmissionLedger}.
 *
 * <ul>
 *   <li>After every poll that changed the mirror ({@link JobsMirrored}), and every few seconds as a
 *       safety net, open runs take the state of their mirrored job: the cluster's open runs, then
 *       their jobs in one read of the mirror's API ({@link JobMirror#jobs}); no Slurm call.
 *   <li>A run is sent through the submission module's {@link io.federa.submission.ExactlyOnce} with
 *       {@code federa-run=<id>} in its job's comment; the core tells this ledger what came of it, and
 *       looks up runs whose answer was lost (found: adopted; none after the grace: LOST; never re-sent;
 *       docs/adr/0011-runs-idempotent-submission-and-reporting.md, ADR 25).
 * </ul>
 *
 * Every step is a conditional update (state = expected), so the event listener and the scheduled
 * pass may race without recording a step twice.
 */
@Component
class RunTracker implements SubmissionLedger {

    static final String COMMENT_PREFIX = "federa-run=";

    private static final Logger log = LoggerFactory.getLogger(RunTracker.class);

    private final JdbcRunStore store;
    private final Quotas quotas;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RunsProperties props;
    private final JobMirror mirror;

    RunTracker(
            JdbcRunStore store,
            JobMirror mirror,
            Quotas quotas,
            ApplicationEventPublisher events,
            PlatformTransactionManager txManager,
            Clock clock,
            RunsProperties props) {
        this.store = store;
        this.mirror = mirror;
        this.quotas = quotas;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.props = props;
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
    }

    @Override
    public String commentPrefix() {
        return COMMENT_PREFIX;
    }

    @Override
    public String kind() {
        return "run";
    }

    @Override
    public boolean jobArray() {
        return false;
    }

    @Override
    public Collection<String> clustersWithoutJob() {
        return store.clustersWithRunsWithoutJob();
    }

    @Override
    public List<Unanswered> withoutJob(String cluster) {
        return store.withoutJob(cluster).stream()
                .map(r -> new Unanswered(
                        r.id(), r.slurmUser(), r.account(), r.submitStartedAt(), r.state() == RunState.LOST))
                .toList();
    }

    @Override
    public void ended(String runId, boolean lost, String reason) {
        store.open(runId).ifPresent(r -> end(runId, r.state(), lost ? RunState.LOST : RunState.FAILED, reason));
    }

    @Override
    public void stillOpen(String runId, String reason) {
        store.setReason(runId, reason);
    }

    /** The cluster accepted the run's job (or the portal found it): record it and follow it. */
    @Override
    public void jobFound(String runId, long jobId, String reason) {
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
            List<JdbcRunStore.RunWithJob> runs = store.openWithJob(cluster);
            if (runs.isEmpty()) {
                return;
            }
            // the mirror owns the jobs (ADR 25): one read for all of the cluster's open runs
            Map<Long, TrackedJob> jobs = mirror.jobs(
                    cluster, runs.stream().map(JdbcRunStore.RunWithJob::jobId).toList());
            for (JdbcRunStore.RunWithJob run : runs) {
                TrackedJob job = jobs.get(run.jobId());
                Target target = job == null ? null : target(job);
                if (target == null) {
                    continue;
                }
                if (target.state() == run.state()) {
                    if (!target.reason().equals(run.reason())) {
                        store.setReason(run.runId(), target.reason());
                    }
                    continue;
                }
                move(run.runId(), run.state(), target.state(), target.reason(), clock.instant());
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

    private static @Nullable Target target(TrackedJob job) {
        return switch (job.state()) {
            case PENDING -> new Target(RunState.PENDING, PendingReasons.inWords(job.stateReason()));
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
                job.isFinal()
                        ? new Target(
                                RunState.LOST,
                                job.stateReason().isBlank()
                                        ? "the cluster no longer knows job " + job.jobId()
                                        : job.stateReason())
                        : null;
        };
    }

    Optional<JdbcRunStore.OpenRun> open(String runId) {
        return store.open(runId);
    }
}

package io.federa.runs.internal;

import io.federa.clusters.JobState;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.PendingReasons;
import io.federa.mirror.TrackedJob;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.Quotas;
import io.federa.runs.RunState;
import io.federa.runs.SweepChanged;
import io.federa.runs.SweepState;
import io.federa.submission.SubmissionLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Makes each trial follow its array task (docs/adr/0012-sweeps-as-job-arrays.md):
 *
 * <ul>
 *   <li>A trial takes the job id of the mirror row {@code (cluster, array_job_id = A, array_task_id =
 *       index)} once Slurm split its task off; from then on {@link RunTracker} follows it like any run.
 *   <li>Until then it is PENDING with the reason of the array's waiting record ({@code job_id} A,
 *       {@code array_task_id} null); if that record ends first, the trial ends the same way.
 *   <li>A sweep whose trials have all ended is ENDED and its quota reservation released.
 *   <li>It is the sweeps' {@link SubmissionLedger}: a sweep is sent through {@link
 *       io.federa.submission.ExactlyOnce} with {@code federa-sweep=<id>} in the comment of every task;
 *       the core looks up sweeps whose answer was lost (the array is the smallest array job id of the
 *       tasks carrying it) and never re-sends (ADR 25).
 * </ul>
 */
@Component
class SweepTracker implements SubmissionLedger {

    static final String COMMENT_PREFIX = "federa-sweep=";

    private static final Logger log = LoggerFactory.getLogger(SweepTracker.class);

    private final JdbcSweepStore store;
    private final JobMirror mirror;
    private final RunTracker runTracker;
    private final JdbcRunStore runStore;
    private final Quotas quotas;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SweepTracker(
            JdbcSweepStore store,
            JobMirror mirror,
            RunTracker runTracker,
            JdbcRunStore runStore,
            Quotas quotas,
            ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.mirror = mirror;
        this.runTracker = runTracker;
        this.runStore = runStore;
        this.quotas = quotas;
        this.events = events;
        this.clock = clock;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(JobsMirrored event) {
        try {
            follow(event.cluster());
        } catch (RuntimeException e) {
            log.warn("sweeps of {} could not follow their arrays", event.cluster(), e);
        }
    }

    @Scheduled(fixedDelayString = "${federa.submission.reconcile-interval:5s}")
    void reconcile() {
        for (String cluster : store.clustersWithOpenSweeps()) {
            try {
                follow(cluster);
            } catch (RuntimeException e) {
                log.warn("sweeps on {} could not be reconciled", cluster, e);
            }
        }
    }

    static String commentOf(String sweepId) {
        return COMMENT_PREFIX + sweepId;
    }

    @Override
    public String commentPrefix() {
        return COMMENT_PREFIX;
    }

    @Override
    public String kind() {
        return "sweep";
    }

    @Override
    public boolean jobArray() {
        return true;
    }

    @Override
    public Collection<String> clustersWithoutJob() {
        return store.clustersWithSweepsWithoutArray();
    }

    @Override
    public List<Unanswered> withoutJob(String cluster) {
        return store.withoutArray(cluster).stream()
                .map(w -> new Unanswered(
                        w.id(), w.slurmUser(), w.account(), w.submitStartedAt(), w.state() == SweepState.LOST))
                .toList();
    }

    @Override
    public void jobFound(String sweepId, long arrayJobId, String reason) {
        arrayFound(sweepId, arrayJobId, reason);
    }

    @Override
    public void ended(String sweepId, boolean lost, String reason) {
        fail(sweepId, lost ? SweepState.LOST : SweepState.FAILED, lost ? RunState.LOST : RunState.FAILED, reason);
    }

    @Override
    public void stillOpen(String sweepId, String reason) {
        store.setReason(sweepId, reason);
    }

    /** Slurm took the array (or the portal found it): trials become SUBMITTED and follow their tasks. */
    void arrayFound(String sweepId, long arrayJobId, String reason) {
        Instant now = clock.instant();
        var sweep = store.find(sweepId).orElseThrow();
        if (!store.attachArray(sweepId, arrayJobId, reason, now)) {
            return;
        }
        if (sweep.state() == SweepState.LOST) {
            try {
                quotas.reserve(
                        sweep.team(),
                        sweep.cluster(),
                        sweepId,
                        sweep.cpusPerTrial() * sweep.maxConcurrent(),
                        sweep.gpusPerTrial() * sweep.maxConcurrent());
            } catch (QuotaExceededException e) {
                log.warn("sweep {}: its late array {} runs over the team's quota", sweepId, arrayJobId);
            }
        }
        for (var trial : store.trialsIn(sweepId, List.of(RunState.QUEUED, RunState.LOST))) {
            runTracker.end(
                    trial.runId(),
                    trial.state(),
                    RunState.SUBMITTED,
                    "task " + trial.index() + " of job array " + arrayJobId);
        }
        events.publishEvent(new SweepChanged(sweepId, sweep.team(), SweepState.SUBMITTED));
        follow(sweep.cluster());
    }

    /** The sweep ends without Slurm: refused, never sent, or lost. Its trials end with it. */
    void fail(String sweepId, SweepState to, RunState trialsTo, String reason) {
        var sweep = store.find(sweepId).orElseThrow();
        if (!store.transition(sweepId, sweep.state(), to, reason, clock.instant())) {
            return;
        }
        for (var trial : store.trialsIn(sweepId, List.of(RunState.QUEUED, RunState.SUBMITTED))) {
            runTracker.end(trial.runId(), trial.state(), trialsTo, reason);
        }
        quotas.release(sweepId);
        events.publishEvent(new SweepChanged(sweepId, sweep.team(), to));
    }

    /**
     * Trials take their tasks' job ids, or the waiting record's state; finished sweeps end. The
     * cluster's open sweeps, their arrays' mirror rows ({@link JobMirror#arrayTasks}) and their trials
     * without a job are read once per pass, whatever the number of sweeps.
     */
    void follow(String cluster) {
        Instant now = clock.instant();
        List<JdbcSweepStore.OpenSweep> sweeps = store.following(cluster);
        if (!sweeps.isEmpty()) {
            Map<Long, List<TrackedJob>> rowsByArray = new HashMap<>();
            for (TrackedJob row : mirror.arrayTasks(
                    cluster,
                    sweeps.stream()
                            .map(w -> Objects.requireNonNull(w.arrayJobId()))
                            .toList())) {
                long array = row.arrayTaskId() != null && row.arrayJobId() != null ? row.arrayJobId() : row.jobId();
                rowsByArray.computeIfAbsent(array, a -> new ArrayList<>()).add(row);
            }
            Map<String, List<JdbcSweepStore.TrialRow>> withoutJob = store.trialsWithoutJob(
                    sweeps.stream().map(JdbcSweepStore.OpenSweep::id).toList());
            Map<String, Long> found = new HashMap<>();
            for (JdbcSweepStore.OpenSweep sweep : sweeps) {
                long array = Objects.requireNonNull(sweep.arrayJobId());
                Array tasks = Array.of(rowsByArray.getOrDefault(array, List.of()), array, commentOf(sweep.id()));
                TrackedJob waiting = tasks.waiting();
                for (JdbcSweepStore.TrialRow trial : withoutJob.getOrDefault(sweep.id(), List.of())) {
                    Long job = tasks.jobOfTask(trial.index());
                    if (job != null) {
                        found.put(trial.runId(), job);
                    } else if (waiting != null) {
                        follow(trial, waiting, array);
                    }
                }
            }
            store.attachTrialJobs(found, now);
        }
        // trials with a job of their own follow it like every run
        runTracker.follow(cluster);
        for (JdbcSweepStore.OpenSweep sweep : store.finished(cluster)) {
            if (store.transition(
                    sweep.id(), sweep.state(), SweepState.ENDED, "every trial has ended", clock.instant())) {
                quotas.release(sweep.id());
                events.publishEvent(new SweepChanged(sweep.id(), sweep.team(), SweepState.ENDED));
                log.info("sweep {} ended", sweep.id());
            }
        }
    }

    /**
     * One sweep's array as the mirror shows it: the job ids of the tasks Slurm split off, by index, and
     * the waiting record (the one row that stands for all tasks not started yet), if it is still there.
     * Only rows that carry the sweep's comment count.
     */
    private record Array(
            Map<Integer, Long> jobByTask, @Nullable TrackedJob waiting) {

        static Array of(List<TrackedJob> rows, long arrayJobId, String comment) {
            Map<Integer, Long> tasks = new HashMap<>();
            TrackedJob waiting = null;
            for (TrackedJob row : rows) {
                if (!comment.equals(row.comment())) {
                    continue;
                }
                if (row.isTaskOf(arrayJobId)) {
                    tasks.put(Objects.requireNonNull(row.arrayTaskId()), row.jobId());
                } else if (row.isWaitingRecordOf(arrayJobId)) {
                    waiting = row;
                }
            }
            return new Array(tasks, waiting);
        }

        @Nullable
        Long jobOfTask(int index) {
            return jobByTask.get(index);
        }
    }

    private void follow(JdbcSweepStore.TrialRow trial, TrackedJob waiting, long array) {
        JobState state = waiting.state();
        if (!waiting.isFinal()) {
            if (state != JobState.PENDING) {
                return; // the waiting record only ever pends; anything else is the moment it becomes a task
            }
            String reason = PendingReasons.inWords(waiting.stateReason());
            if (trial.state() != RunState.PENDING) {
                runTracker.end(trial.runId(), trial.state(), RunState.PENDING, reason);
            } else if (!reason.equals(trial.reason())) {
                runStore.setReason(trial.runId(), reason);
            }
            return;
        }
        RunState to = state == JobState.CANCELLED ? RunState.CANCELLED : RunState.FAILED;
        runTracker.end(
                trial.runId(),
                trial.state(),
                to,
                "job array " + array + " ended (" + state.name() + ") before this trial's task started");
    }
}

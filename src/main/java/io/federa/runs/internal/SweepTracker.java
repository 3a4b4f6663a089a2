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
import io.federa.runs.SweepChanged;
import io.federa.runs.SweepState;
import io.federa.submission.SubmissionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>A sweep whose submit answer was lost is looked for by its comment (mirror, then the cluster's
 *       list); all tasks carry it, so the array is the smallest id / their array job id. Never re-sent.
 * </ul>
 */
@Component
class SweepTracker {

    private static final Logger log = LoggerFactory.getLogger(SweepTracker.class);

    private final JdbcSweepStore store;
    private final RunTracker runTracker;
    private final JdbcRunStore runStore;
    private final SlurmClients clients;
    private final Quotas quotas;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SubmissionProperties props;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    SweepTracker(
            JdbcSweepStore store,
            RunTracker runTracker,
            JdbcRunStore runStore,
            SlurmClients clients,
            Quotas quotas,
            ApplicationEventPublisher events,
            Clock clock,
            SubmissionProperties props) {
        this.store = store;
        this.runTracker = runTracker;
        this.runStore = runStore;
        this.clients = clients;
        this.quotas = quotas;
        this.events = events;
        this.clock = clock;
        this.props = props;
    }

    void sending(String sweepId) {
        inFlight.add(sweepId);
    }

    void sent(String sweepId) {
        inFlight.remove(sweepId);
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
                findLostAnswers(cluster);
                follow(cluster);
            } catch (RuntimeException e) {
                log.warn("sweeps on {} could not be reconciled", cluster, e);
            }
        }
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

    /** Trials take their tasks' job ids, or the waiting record's state; finished sweeps end. */
    void follow(String cluster) {
        Instant now = clock.instant();
        for (JdbcSweepStore.OpenSweep sweep : store.following(cluster)) {
            long array = sweep.arrayJobId();
            store.attachTrialJobs(sweep.id(), cluster, array, now);
            Optional<JdbcSweepStore.WaitingRecord> waiting = store.waitingRecord(sweep.id(), cluster, array);
            if (waiting.isEmpty()) {
                continue;
            }
            for (JdbcSweepStore.TrialRow trial : store.trialsWithoutJob(sweep.id())) {
                follow(trial, waiting.get(), array);
            }
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

    private void follow(JdbcSweepStore.TrialRow trial, JdbcSweepStore.WaitingRecord waiting, long array) {
        JobState state = JobState.parse(waiting.state());
        if (!waiting.isFinal()) {
            if (state != JobState.PENDING) {
                return; // the waiting record only ever pends; anything else is the moment it becomes a task
            }
            String reason = PendingReasons.inWords(waiting.reason());
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
                "job array " + array + " ended (" + waiting.state() + ") before this trial's task started");
    }

    private void findLostAnswers(String cluster) {
        List<JdbcSweepStore.OpenSweep> lost = store.withoutArray(cluster).stream()
                .filter(s -> !inFlight.contains(s.id()))
                .toList();
        List<SlurmJob> listed = null;
        String unavailable = null;
        for (JdbcSweepStore.OpenSweep sweep : lost) {
            Optional<Long> mirrored = store.mirroredArray(sweep);
            if (mirrored.isPresent()) {
                adopt(sweep, mirrored.get());
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
                String comment = SweepService.comment(sweep.id());
                // every task carries the comment: the smallest job id / their array job id is the array A;
                // only the sweep's own Slurm user and account count (anyone can copy a comment)
                Optional<Long> found = listed.stream()
                        .filter(j -> comment.equals(j.comment())
                                && sweep.slurmUser().equals(j.user())
                                && sweep.account().equalsIgnoreCase(j.account()))
                        .map(j -> j.arrayJobId() != null ? j.arrayJobId() : j.jobId())
                        .min(Long::compare);
                if (found.isPresent()) {
                    adopt(sweep, found.get());
                    continue;
                }
            }
            if (sweep.state() == SweepState.LOST) {
                continue;
            }
            Instant started = sweep.submitStartedAt();
            Duration waited = Duration.between(started == null ? clock.instant() : started, clock.instant());
            if (listed != null && waited.compareTo(props.lostAfter()) >= 0) {
                fail(
                        sweep.id(),
                        SweepState.LOST,
                        RunState.LOST,
                        "The answer of cluster " + cluster + " to the submission was lost, and " + waited.toSeconds()
                                + " s later the cluster has no job array for this sweep. Nothing runs for it and "
                                + "nothing was sent again; submit it again.");
            } else {
                store.setReason(
                        sweep.id(),
                        "The answer of cluster " + cluster + " to the submission was lost; the portal is looking "
                                + "for the job array by the sweep's id and never sends it twice ("
                                + (listed == null
                                        ? "the cluster cannot be asked right now (" + unavailable + ")"
                                        : "the cluster has no such job yet")
                                + ").");
            }
        }
    }

    private void adopt(JdbcSweepStore.OpenSweep sweep, long arrayJobId) {
        log.info(
                "sweep {}: found job array {} on {} after a lost submit answer",
                sweep.id(),
                arrayJobId,
                sweep.cluster());
        arrayFound(sweep.id(), arrayJobId, "found on the cluster by its sweep id after the submit answer was lost");
    }
}

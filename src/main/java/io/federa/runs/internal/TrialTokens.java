package io.federa.runs.internal;

import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobState;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.mirror.JobMirror;
import io.federa.mirror.TrackedJob;
import io.federa.runs.Sweep;
import io.federa.shared.UserFacingException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A sweep's trials get their run tokens here, not in the array's script
 * (docs/adr/0017-sweep-trials-claim-their-own-token.md): the array's environment holds one claim
 * secret for the sweep; a task that runs presents it with its trial index and its own Slurm job id,
 * and gets a fresh token for its trial's run — once. The job must be that trial's task of this
 * sweep, running, as the mirror or, failing that, the cluster says.
 */
@Service
public class TrialTokens {

    private static final Logger log = LoggerFactory.getLogger(TrialTokens.class);

    /** Why a claim was refused, for the answer's status. */
    public enum Refusal {
        /** No such sweep or not its secret (401). */
        UNKNOWN_SECRET,
        /** The job is not that trial's task of this sweep, running (403). */
        NOT_THE_TASK,
        /** No such trial (404). */
        NO_TRIAL,
        /** The trial's token was handed out already, or the trial ended (409). */
        ALREADY_CLAIMED,
        /** The cluster could not be asked (503; the task retries). */
        CLUSTER_UNAVAILABLE
    }

    /** A refused claim; the message says why without anything secret. */
    public static final class ClaimRefusedException extends UserFacingException {

        private final Refusal refusal;

        ClaimRefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * The bash the array runs after its trial table: exchanges the claim secret for this task's
     * token, then forgets the secret. The secret goes to curl on stdin ({@code -H @-}), never on its
     * command line, which every user of the node could read; a refusal stops the task (exit 98) with
     * the portal's reason.
     */
    public static final String FETCH = """
            # this task's own run token: handed out once, to this running task only (docs/adr/0017)
            federa_claim=$(printf 'Authorization: Bearer %s\\n' "${FEDERA_SWEEP_CLAIM:-}" | curl -sS --retry 4 \\
              --retry-connrefused --retry-delay 2 --max-time 30 -H @- -X POST -w ' %{http_code}' \\
              "${FEDERA_URL:-}/api/sweeps/${FEDERA_SWEEP_ID:-}/trials/${SLURM_ARRAY_TASK_ID:-}/token?job=${SLURM_JOB_ID:-}")
            unset FEDERA_SWEEP_CLAIM
            if [ "${federa_claim##* }" != 200 ]; then
              echo "Federa sweep: trial ${SLURM_ARRAY_TASK_ID:-} got no run token: ${federa_claim% *}" >&2
              exit 98
            fi
            export FEDERA_TOKEN="${federa_claim% *}"
            unset federa_claim
            """;

    private final JdbcSweepStore sweeps;
    private final JdbcRunStore runs;
    private final SlurmClients clients;
    private final JobMirror mirror;
    private final Clock clock;

    TrialTokens(JdbcSweepStore sweeps, JdbcRunStore runs, SlurmClients clients, JobMirror mirror, Clock clock) {
        this.sweeps = sweeps;
        this.runs = runs;
        this.mirror = mirror;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * A fresh run token for trial {@code index} of the sweep, if {@code secret} is the sweep's claim
     * secret, {@code jobId} is that trial's task, running, and the trial has no token yet.
     *
     * @throws ClaimRefusedException otherwise, with why
     */
    public String claim(String sweepId, int index, String secret, long jobId) {
        String expected = sweeps.claimHash(sweepId).orElse(null);
        if (expected == null || !secret.startsWith(RunTokens.CLAIM_PREFIX) || !RunTokens.matches(secret, expected)) {
            throw new ClaimRefusedException(Refusal.UNKNOWN_SECRET, "This is not the claim secret of a sweep.");
        }
        Sweep sweep = sweeps.find(sweepId).orElseThrow();
        JdbcSweepStore.Trial trial = sweeps.trial(sweepId, index)
                .orElseThrow(() -> new ClaimRefusedException(
                        Refusal.NO_TRIAL, "Sweep " + sweepId + " has no trial " + index + "."));
        if (trial.endedAt() != null) {
            throw new ClaimRefusedException(
                    Refusal.ALREADY_CLAIMED, "Trial " + index + " of sweep " + sweepId + " has ended.");
        }
        if (!runningTask(sweep, index, jobId)) {
            log.warn(
                    "sweep {}: a claim of trial {}'s token named job {}, which is not that trial's running task",
                    sweepId,
                    index,
                    jobId);
            throw new ClaimRefusedException(
                    Refusal.NOT_THE_TASK,
                    "Job " + jobId + " is not trial " + index + " of sweep " + sweepId + " running on "
                            + sweep.cluster() + "; a task claims its own token once it runs.");
        }
        String token = RunTokens.newToken();
        if (!runs.claimToken(trial.runId(), RunTokens.hash(token), jobId, clock.instant())) {
            log.warn("sweep {}: trial {}'s token was asked for again (job {}) and refused", sweepId, index, jobId);
            throw new ClaimRefusedException(
                    Refusal.ALREADY_CLAIMED,
                    "The token of trial " + index + " of sweep " + sweepId + " was handed out already; each "
                            + "trial's token is handed out once.");
        }
        return token;
    }

    /** The mirror first (no Slurm call); a task that started since the last poll, from the cluster. */
    private boolean runningTask(Sweep sweep, int index, long jobId) {
        String comment = SweepTracker.commentOf(sweep.id());
        TrackedJob mirrored = mirror.jobs(sweep.cluster(), List.of(jobId)).get(jobId);
        if (mirrored != null
                && !mirrored.isFinal()
                && mirrored.state() == JobState.RUNNING
                && comment.equals(mirrored.comment())
                && Objects.equals(mirrored.arrayTaskId(), index)
                && sweep.slurmUser().equals(mirrored.user())) {
            return true;
        }
        try {
            SlurmJob job = clients.forCluster(sweep.cluster()).job(jobId).orElse(null);
            return job != null
                    && job.state() == JobState.RUNNING
                    && comment.equals(job.comment())
                    && Objects.equals(job.arrayTaskId(), index)
                    && sweep.slurmUser().equals(job.user());
        } catch (ClusterUnavailableException | SlurmException e) {
            throw new ClaimRefusedException(
                    Refusal.CLUSTER_UNAVAILABLE,
                    "Cluster " + sweep.cluster() + " could not be asked whether job " + jobId
                            + " is this trial's task; try again.");
        }
    }
}

package io.federa.submission;

import io.federa.clusters.JobSubmission;

/**
 * Submit exactly once (docs/adr/0011-runs-idempotent-submission-and-reporting.md, ADR 25): the one place
 * that sends a job to Slurm for a submission of the portal. The submission's id travels in the job's
 * comment; while the request is out, the submission is in flight and not looked for; without an answer
 * it stays open and the core looks its job up by the comment (the mirror first, then the cluster's job
 * list), never sending it again; when the cluster answers and has no such job {@code
 * federa.submission.lost-after} after the submit started, the submission is LOST.
 */
public interface ExactlyOnce {

    /** What came of one send. */
    enum Outcome {
        /** Slurm took the job; the ledger has its id. */
        ACCEPTED,
        /** Slurm refused it; the ledger ended it. */
        REFUSED,
        /** The request never reached the cluster; the ledger ended it. */
        NOT_SENT,
        /** The request may have reached the cluster but no answer came: the core looks for the job. */
        ANSWER_LOST
    }

    /**
     * Sends {@code job} (whose comment must be {@code ledger.comment(id)}) to {@code cluster} as {@code
     * slurmUser}, once, and tells {@code ledger} the outcome. Call it outside any transaction, after the
     * submission is stored with its submit start.
     */
    Outcome send(SubmissionLedger ledger, String id, String cluster, String slurmUser, JobSubmission job);
}

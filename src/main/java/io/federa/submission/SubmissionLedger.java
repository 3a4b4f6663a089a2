package io.federa.submission;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The owner of submissions that are sent exactly once ({@link ExactlyOnce}): runs, sweeps, and next
 * notebooks on Slurm. It stores its submissions; the core sends them, tells it what came of it, and looks
 * up those whose answer was lost. A Spring bean: the core's reconciler finds every ledger itself.
 */
public interface SubmissionLedger {

    /** What stands before the id in the job's comment, e.g. {@code federa-run=}; unique per ledger. */
    String commentPrefix();

    /** What one submission is, in words for reasons: "run", "sweep". */
    String kind();

    /** Is the submitted job a job array (its tasks carry the comment too; the array's id is what counts)? */
    boolean jobArray();

    /** Clusters with submissions whose submit started and that have no job id yet. */
    Collection<String> clustersWithoutJob();

    /** The submissions on {@code cluster} whose submit started and that have no job id yet. */
    List<Unanswered> withoutJob(String cluster);

    /** The cluster took the submission, or the core found its job after the answer was lost. */
    void jobFound(String id, long jobId, String reason);

    /** The submission ends without a job: refused by Slurm, never sent, or ({@code lost}) lost. */
    void ended(String id, boolean lost, String reason);

    /** The submission is still open; the reason says what the portal is doing about it. */
    void stillOpen(String id, String reason);

    /** The comment that marks the job of submission {@code id}. */
    default String comment(String id) {
        return commentPrefix() + id;
    }

    /** What a job needs for its submission's job: {@link #kind()} "run" → "job", a job array → "job array". */
    default String jobWord() {
        return jobArray() ? "job array" : "job";
    }

    /**
     * A submission without a job id.
     *
     * @param lost already given up (LOST): still adopted if its job turns up, never given up twice
     */
    record Unanswered(
            String id,
            String slurmUser,
            String account,
            @Nullable Instant submitStartedAt,
            boolean lost) {}
}

package io.federa.mirror;

import io.federa.identity.CurrentUser;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the job mirror, scoped to what the user may see: the jobs of their teams' Slurm accounts,
 * or every job for a portal admin. Reads only the database.
 */
public interface JobMirror {

    /**
     * How far any listing can be paged: rows past the first 10,000 of a filtered, sorted listing are
     * never read (an offset walks every row before it). Narrow the filters instead.
     */
    int MAX_ROWS = 10_000;

    /**
     * One page of jobs; {@code limit} at most 500. Nothing past the first {@link #MAX_ROWS} rows: a
     * page that reaches past them is cut there, a page that starts past them is empty.
     */
    List<MirroredJob> page(CurrentUser user, JobFilter filter, JobSort sort, int offset, int limit);

    /** The job, if it exists and the user may see it (an invisible job is indistinguishable from none). */
    Optional<MirroredJob> find(CurrentUser user, String cluster, long jobId);

    /**
     * The mirrored jobs on {@code cluster} that carry {@code comment} and were submitted by {@code
     * slurmUser} under {@code account} (case-insensitive, as Slurm treats accounts), lowest job id first.
     * Not scoped to a person: for the portal's own bookkeeping (the submit-exactly-once core), never for
     * a page. Anyone can copy a comment; only the portal submits as that user under that account.
     */
    List<CarryingJob> carrying(String cluster, String comment, String slurmUser, String account);

    /**
     * The mirrored job, not scoped to a person: for the portal's own bookkeeping of a job it submitted
     * (a notebook's), never for a page.
     */
    Optional<MirroredJob> job(String cluster, long jobId);

    /**
     * Where a pending job stands among the PENDING jobs of its cluster and partition (by submit time,
     * then job id); empty unless it is pending. Not scoped to a person, like {@link #job}.
     */
    Optional<QueuePosition> queuePosition(String cluster, long jobId);

    /**
     * How many jobs are PENDING on each cluster (every user's, not final), for routing by load; a
     * cluster with none is absent. Not scoped to a person: a count, no job.
     */
    Map<String, Integer> pendingPerCluster();

    /**
     * Those of {@code jobIds} that the mirror holds on {@code cluster}, by job id, in one read (the
     * followers ask for all open runs of a cluster at once); an id not mirrored (yet) is absent. Not
     * scoped to a person, like {@link #job}: for following the portal's own submissions.
     */
    Map<Long, TrackedJob> jobs(String cluster, Collection<Long> jobIds);

    /**
     * The mirror rows of the job arrays {@code arrayJobIds} on {@code cluster}, in one read: every
     * task Slurm split off an array ({@link TrackedJob#isTaskOf}) and each array's waiting record
     * ({@link TrackedJob#isWaitingRecordOf}), by job id. Callers check the comment they expect: job ids
     * start again at 1 when a cluster is rebuilt. Not scoped to a person, like {@link #job}.
     */
    List<TrackedJob> arrayTasks(String cluster, Collection<Long> arrayJobIds);
}

package io.federa.runs;

import io.federa.identity.CurrentUser;
import io.federa.mirror.QueuePosition;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs on HPC: submission (each run is exactly one Slurm job, never sent twice; see
 * docs/adr/0011-runs-idempotent-submission-and-reporting.md) and the team-scoped reads of what runs
 * did. A run of a team the user may not act for is indistinguishable from no run (empty, never an
 * error). Reads touch only the database.
 */
public interface Runs {

    /** The most runs one comparison shows (and {@link #visible} checks at once). */
    int MAX_COMPARE = 10;

    /** The most metric points one raw read returns ({@link #metrics}); read on from a step for more. */
    int MAX_METRIC_POINTS_READ = 10_000;

    /** The most points per series a chart read returns ({@link #metricCurves}). */
    int MAX_CURVE_POINTS = 2_000;

    /**
     * Refuses a user who may not submit for {@code team}: only data scientists and portal admins
     * submit, and only for teams they may act for. Entry points call it before they read anything
     * else the user sent (a sweep's parameter space), so that nobody outside a team can make the
     * portal work on their input; {@link #check} and {@link #submit} check the same again.
     *
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    void requireSubmitter(CurrentUser user, String team);

    /**
     * Checks a request without storing or sending anything: what would be sent (a template rendered,
     * "any" routed to a cluster), notes, problems, and the routing decision with the team's quota on
     * each cluster considered.
     *
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    RunPlan check(CurrentUser user, RunRequest request);

    /**
     * Where the request would go: for {@link RunRouting#ANY} every enabled cluster, else the named one,
     * each with why it is chosen, eligible or excluded, its load and the team's quota there. Reads only
     * the database and the registry.
     *
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    RouteDecision route(CurrentUser user, RunRequest request);

    /**
     * Renders the template (if any), routes "any" to the best eligible cluster (the run's notes and
     * tags keep which and why), stores the run with its quota reservation, then submits it as the user's Slurm user under the
     * team's account. Returns the run as it stands after the submit: SUBMITTED, FAILED (Slurm refused;
     * the reason says why) or QUEUED while the portal looks for a job whose submit answer was lost.
     *
     * @throws RunRefusedException bad input, no access to the cluster, no Slurm user (nothing stored,
     *     nothing sent)
     * @throws io.federa.quota.QuotaExceededException the team's quota would be exceeded (nothing stored)
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    Run submit(CurrentUser user, RunRequest request);

    /**
     * Asks Slurm to cancel the run's job; the run becomes CANCELLED when the mirror sees it. Only the
     * run's owner (as the run's Slurm user) or a portal admin (as the cluster's admin Slurm user) may;
     * see docs/adr/0006-cluster-trust-model.md.
     *
     * @throws io.federa.shared.NotAllowedException the run is not visible to the user ("There is no
     *     run"), or the user is a team mate of the owner
     */
    Run cancel(CurrentUser user, String runId);

    /** Would {@link #cancel} accept this user for this run (whatever its state)? */
    boolean mayCancel(CurrentUser user, Run run);

    /** Runs of the user's teams (or of {@code team} only), newest first; {@code limit} at most 500. */
    default List<RunSummary> page(CurrentUser user, @Nullable String team, int offset, int limit) {
        return list(user, new RunFilter(team, null, null), offset, limit);
    }

    /** Runs of the user's teams that match {@code filter}, newest first; {@code limit} at most 500. */
    List<RunSummary> list(CurrentUser user, RunFilter filter, int offset, int limit);

    /** How many runs {@link #list} would list in all. */
    int count(CurrentUser user, RunFilter filter);

    Optional<Run> find(CurrentUser user, String runId);

    /**
     * Which of {@code runIds} the user may see, in one query: a run of another team and a run that
     * does not exist are both absent.
     *
     * @throws IllegalArgumentException more than {@link #MAX_COMPARE} ids
     */
    Set<String> visible(CurrentUser user, Collection<String> runIds);

    List<RunStateChange> history(CurrentUser user, String runId);

    /**
     * Metric points by key and step from the start; one key or all ({@code key} null), at most {@code
     * limit} and never more than {@link #MAX_METRIC_POINTS_READ}.
     */
    default List<MetricPoint> metrics(CurrentUser user, String runId, @Nullable String key, int limit) {
        return metrics(user, runId, key, 0, limit);
    }

    /** The same from step {@code fromStep} on (inclusive): how a long series is read in parts. */
    List<MetricPoint> metrics(CurrentUser user, String runId, @Nullable String key, long fromStep, int limit);

    /**
     * Every metric of the run as a curve of at most {@code pointsPerSeries} points (at most {@link
     * #MAX_CURVE_POINTS}), ordered by key and step: what charts draw. A longer series is cut into
     * steps of equal width, and of each the first, last, lowest and highest point are kept, so the
     * ends, spikes and dips of the curve stay where they were. Shorter series come whole.
     */
    List<MetricPoint> metricCurves(CurrentUser user, String runId, int pointsPerSeries);

    /**
     * One key's curve between two steps (inclusive; null: open), as {@link #metricCurves}: what a
     * chart reads first (no range) and when it is zoomed (the range, at full resolution once it
     * holds fewer points than asked for).
     */
    List<MetricPoint> metricCurve(
            CurrentUser user, String runId, String key, @Nullable Long fromStep, @Nullable Long toStep, int points);

    /** The last reported point (highest step, then latest) of each metric key, by key. */
    List<MetricPoint> lastMetrics(CurrentUser user, String runId);

    /**
     * Where the run's job stands among the pending jobs of its cluster and partition; empty unless the
     * mirror shows the job PENDING (and the user may see the run).
     */
    Optional<QueuePosition> queuePosition(CurrentUser user, String runId);

    /** Log lines after {@code afterSeq} (0 for the start), in order; at most {@code limit}. */
    List<RunLogLine> logs(CurrentUser user, String runId, long afterSeq, int limit);

    /** The last {@code limit} log lines (at most 10,000), oldest first: where a log view starts. */
    List<RunLogLine> logTail(CurrentUser user, String runId, int limit);

    List<RunArtifact> artifacts(CurrentUser user, String runId);

    /** The stored file of an artifact, if the run and the artifact exist and the user may see them. */
    Optional<Path> artifactFile(CurrentUser user, String runId, String name);
}

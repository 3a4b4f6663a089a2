package io.federa.runs;

import io.federa.identity.CurrentUser;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hyper-parameter sweeps: one Slurm job array per sweep, one run per trial (see
 * docs/adr/0012-sweeps-as-job-arrays.md). Team-scoped like {@link Runs}: a sweep of a team the user
 * may not act for is indistinguishable from no sweep. Reads touch only the database.
 */
public interface Sweeps {

    /**
     * Refuses a user who may not submit sweeps for {@code team} (as {@link Runs#requireSubmitter}).
     * The form and {@code POST /api/sweeps} call it before they parse the parameter space.
     *
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    void requireSubmitter(CurrentUser user, String team);

    /**
     * Expands the space, stores the sweep and one run per trial (ids and tokens made here), reserves
     * one trial's resources × the concurrency limit of the team's quota, then submits the array once.
     * Returns the sweep after the submit: SUBMITTED, FAILED (Slurm refused; the reason says why) or
     * QUEUED while the portal looks for an array whose submit answer was lost (never re-sent).
     *
     * @throws InvalidSweepException bad space, objective, script or resources; no access to the cluster
     *     or no Slurm user there (nothing stored, nothing sent)
     * @throws io.federa.quota.QuotaExceededException the team's quota would be exceeded (nothing stored)
     * @throws io.federa.shared.NotAllowedException the user may not submit for the team
     */
    Sweep submit(CurrentUser user, SweepRequest request);

    Optional<Sweep> find(CurrentUser user, String sweepId);

    /** Sweeps of the user's teams (or of {@code team} only), newest first; {@code limit} at most 500. */
    List<Sweep> page(CurrentUser user, @Nullable String team, int offset, int limit);

    /** The trials in index order; empty for a sweep the user may not see. */
    List<SweepTrialRun> trials(CurrentUser user, String sweepId);

    /** The best trial by the sweep's objective; empty while no trial has a usable value. */
    Optional<SweepBest> best(CurrentUser user, String sweepId);
}

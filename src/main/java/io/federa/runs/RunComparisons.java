package io.federa.runs;

import io.federa.identity.CurrentUser;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads for comparing up to {@link Runs#MAX_COMPARE} runs at once, each in a fixed number of queries
 * whatever the number of runs: the runs, their params and tags in one query each, the final values of
 * every key of every run in one query, and the curves of every run (of one key, or of all keys for a
 * first drawing) in two, a long series read from its stored buckets at the chart's width as {@link
 * Runs#metricCurve} reads one. Reads only the database.
 */
public interface RunComparisons {

    /**
     * The runs and their final values, all or nothing: empty if any id is not a run the user may see
     * (so a comparison cannot be used to probe ids).
     *
     * @throws IllegalArgumentException more than {@link Runs#MAX_COMPARE} ids
     */
    Optional<RunComparison> compare(CurrentUser user, List<String> runIds);

    /**
     * One key's curve of each run between two steps (inclusive; null: open), by run id: a series of up to
     * {@code points} points whole, a longer one thinned to at most {@code points} (at most {@link
     * Runs#MAX_CURVE_POINTS}) from the buckets stored as its points arrived (docs/adr/0036); runs the user
     * may not see are left out.
     *
     * @throws IllegalArgumentException more than {@link Runs#MAX_COMPARE} ids
     */
    Map<String, List<MetricPoint>> curves(
            CurrentUser user,
            Collection<String> runIds,
            String key,
            @Nullable Long fromStep,
            @Nullable Long toStep,
            int points);

    /**
     * The curves of several keys of each run, as {@link #curves(CurrentUser, Collection, String, Long,
     * Long, int)} reads one key's, in one query for all keys and runs (a comparison's first drawing of
     * all its charts): key → run id → points; runs the user may not see are left out.
     *
     * @throws IllegalArgumentException more than {@link Runs#MAX_COMPARE} ids
     */
    Map<String, Map<String, List<MetricPoint>>> curves(
            CurrentUser user,
            Collection<String> runIds,
            Collection<String> keys,
            @Nullable Long fromStep,
            @Nullable Long toStep,
            int points);
}

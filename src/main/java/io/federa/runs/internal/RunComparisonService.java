package io.federa.runs.internal;

import static io.federa.runs.Runs.MAX_COMPARE;
import static io.federa.runs.Runs.MAX_CURVE_POINTS;

import io.federa.identity.CurrentUser;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunComparison;
import io.federa.runs.RunComparisons;
import io.federa.runs.Runs;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comparisons in a fixed number of statements whatever the number of runs (issue 12 item 5): one for
 * who may see the runs, one each for the runs, their params and their tags, one for every final value,
 * and one for the curves of every key; see {@link JdbcComparisonReads}.
 */
@Service
@Transactional(readOnly = true)
class RunComparisonService implements RunComparisons {

    /**
     * A series of up to this many times the chart's width comes whole: thinning it in SQL costs more
     * than reading its rows (RunsBenchmark: 10 runs × 3 × 1,000 points, p50 1,055 ms thinned to 600
     * against the previous 370 ms read whole), and the browser draws it at its width anyway.
     */
    static final int WHOLE_UP_TO = 2;

    private final Runs runs;
    private final JdbcComparisonReads reads;

    RunComparisonService(Runs runs, JdbcComparisonReads reads) {
        this.runs = runs;
        this.reads = reads;
    }

    @Override
    public Optional<RunComparison> compare(CurrentUser user, List<String> runIds) {
        List<String> ids = runIds.stream().distinct().toList();
        if (ids.size() > MAX_COMPARE) {
            throw new IllegalArgumentException("at most " + MAX_COMPARE + " run ids at once");
        }
        if (!runs.visible(user, ids).containsAll(ids)) {
            return Optional.empty();
        }
        Map<String, Run> byId = reads.runs(ids);
        if (!byId.keySet().containsAll(ids)) {
            return Optional.empty();
        }
        List<Run> found = ids.stream().map(byId::get).toList();
        return Optional.of(new RunComparison(found, reads.lastPoints(ids)));
    }

    @Override
    public Map<String, List<MetricPoint>> curves(
            CurrentUser user,
            Collection<String> runIds,
            String key,
            @Nullable Long fromStep,
            @Nullable Long toStep,
            int points) {
        return curves(user, runIds, List.of(key), fromStep, toStep, points).getOrDefault(key, Map.of());
    }

    @Override
    public Map<String, Map<String, List<MetricPoint>>> curves(
            CurrentUser user,
            Collection<String> runIds,
            Collection<String> keys,
            @Nullable Long fromStep,
            @Nullable Long toStep,
            int points) {
        if (runIds.size() > MAX_COMPARE) {
            throw new IllegalArgumentException("at most " + MAX_COMPARE + " run ids at once");
        }
        Set<String> visible = runs.visible(user, runIds);
        int max = Math.clamp(points, 4, MAX_CURVE_POINTS);
        return reads.curves(
                visible,
                keys,
                fromStep == null ? Long.MIN_VALUE : fromStep,
                toStep == null ? Long.MAX_VALUE : toStep,
                max,
                WHOLE_UP_TO * max);
    }
}

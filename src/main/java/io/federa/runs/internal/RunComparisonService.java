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
 * and two for the curves of every key; see {@link JdbcComparisonReads} and {@link JdbcCurveReads}.
 */
@Service
@Transactional(readOnly = true)
class RunComparisonService implements RunComparisons {

    private final Runs runs;
    private final JdbcComparisonReads reads;
    private final JdbcCurveReads curves;

    RunComparisonService(Runs runs, JdbcComparisonReads reads, JdbcCurveReads curves) {
        this.runs = runs;
        this.reads = reads;
        this.curves = curves;
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
        return curves.curves(
                visible,
                keys,
                fromStep == null ? Long.MIN_VALUE : fromStep,
                toStep == null ? Long.MAX_VALUE : toStep,
                max);
    }
}

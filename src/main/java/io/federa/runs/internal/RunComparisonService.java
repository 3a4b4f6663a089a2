package io.federa.runs.internal;

import static io.federa.runs.Runs.MAX_COMPARE;
import static io.federa.runs.Runs.MAX_CURVE_POINTS;

import io.federa.identity.CurrentUser;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunComparison;
import io.federa.runs.RunComparisons;
import io.federa.runs.Runs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comparisons in a fixed number of statements (issue 12 item 5): one for who may see the runs, the
 * runs themselves, one for every final value, and one per key for the curves; see {@link
 * JdbcComparisonReads}.
 */
@Service
@Transactional(readOnly = true)
class RunComparisonService implements RunComparisons {

    private final Runs runs;
    private final JdbcRunStore store;
    private final JdbcComparisonReads reads;

    RunComparisonService(Runs runs, JdbcRunStore store, JdbcComparisonReads reads) {
        this.runs = runs;
        this.store = store;
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
        List<Run> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            Optional<Run> run = store.find(id);
            if (run.isEmpty()) {
                return Optional.empty();
            }
            found.add(run.get());
        }
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
        Set<String> visible = runs.visible(user, runIds);
        return reads.curves(
                visible,
                key,
                fromStep == null ? Long.MIN_VALUE : fromStep,
                toStep == null ? Long.MAX_VALUE : toStep,
                Math.clamp(points, 4, MAX_CURVE_POINTS));
    }
}

package io.federa.runs;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a comparison shows before its charts: the runs in the order asked (with params), the last
 * reported point of each metric key per run, and every key any of them reported.
 *
 * @param finals run id → key → the point with the highest step (then the latest); a run without a key
 *     has no entry for it
 */
public record RunComparison(List<Run> runs, Map<String, Map<String, MetricPoint>> finals) {

    public RunComparison {
        runs = List.copyOf(runs);
        finals = Map.copyOf(finals);
    }

    /** Every metric key of the compared runs, by name. */
    public SortedSet<String> keys() {
        var keys = new TreeSet<String>();
        finals.values().forEach(m -> keys.addAll(m.keySet()));
        return keys;
    }
}

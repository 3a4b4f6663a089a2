package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of comparisons: several runs per statement, where {@link JdbcRunStore} reads one run per
 * statement. Callers check access first; every value is a bound parameter.
 */
@Repository
class JdbcComparisonReads {

    private static final Comparator<MetricPoint> BY_STEP = Comparator.comparingLong(MetricPoint::step)
            .thenComparingDouble(MetricPoint::value)
            .thenComparing(MetricPoint::timestamp);
    private static final Comparator<MetricPoint> BY_VALUE = Comparator.comparingDouble(MetricPoint::value)
            .thenComparingLong(MetricPoint::step)
            .thenComparing(MetricPoint::timestamp);

    private final JdbcClient jdbc;

    JdbcComparisonReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The runs of {@code runIds} that exist, with params and tags, by id: one statement for the runs,
     * one for all their params and one for all their tags (not three per run).
     */
    Map<String, Run> runs(Collection<String> runIds) {
        Map<String, Run> rows = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return rows;
        }
        jdbc.sql("select * from runs where id in (:ids)").param("ids", runIds).query((ResultSet rs) -> {
            rows.put(rs.getString("id"), JdbcRunStore.run(rs));
        });
        Map<String, Map<String, String>> params = pairs("run_params", runIds);
        Map<String, Map<String, String>> tags = pairs("run_tags", runIds);
        Map<String, Run> out = new LinkedHashMap<>();
        rows.forEach((id, r) -> out.put(
                id,
                JdbcRunStore.withParamsAndTags(r, params.getOrDefault(id, Map.of()), tags.getOrDefault(id, Map.of()))));
        return out;
    }

    /** Run id → key → value of a (run_id, key, value) table, by key, for all the runs at once. */
    private Map<String, Map<String, String>> pairs(String table, Collection<String> runIds) {
        Map<String, Map<String, String>> out = new HashMap<>();
        jdbc.sql("select run_id, key, value from " + table + " where run_id in (:ids) order by run_id, key")
                .param("ids", runIds)
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getString(1), r -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getString(3));
                });
        return out;
    }

    /**
     * Run id → key → the point with the highest step (then the latest) of each key of each run, in one
     * statement that touches a few index entries per key: the keys of a run are found by skipping from
     * one key to the next on {@code run_metrics (run_id, key, step)} (a loose index scan), and each
     * key's last point is the end of its index range, so the cost does not grow with the series' length.
     */
    Map<String, Map<String, MetricPoint>> lastPoints(Collection<String> runIds) {
        Map<String, Map<String, MetricPoint>> out = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        with recursive keys as (
                            select r.id as run_id, (select min(m.key) from run_metrics m where m.run_id = r.id) as key
                            from runs r where r.id in (:ids)
                          union all
                            select k.run_id,
                                (select min(m.key) from run_metrics m where m.run_id = k.run_id and m.key > k.key)
                            from keys k where k.key is not null)
                        select k.run_id, k.key, l.step, l.value, l.at from keys k
                        cross join lateral (
                            select m.step, m.value, m.at from run_metrics m where m.run_id = k.run_id and m.key = k.key
                            order by m.step desc, m.at desc limit 1) l
                        where k.key is not null""").param("ids", runIds).query((ResultSet rs) -> {
            String key = rs.getString("key");
            out.computeIfAbsent(rs.getString("run_id"), r -> new LinkedHashMap<>())
                    .put(
                            key,
                            new MetricPoint(
                                    key,
                                    rs.getLong("step"),
                                    rs.getDouble("value"),
                                    rs.getTimestamp("at").toInstant()));
        });
        return out;
    }

    /**
     * Key → run id → curve between two steps (inclusive) of each run, for every key and run in one
     * statement. A series of at most {@code whole} points comes whole, as its rows (reading them is
     * cheaper than thinning them: the thinning pass costs about twice a plain read); a longer one is cut
     * into {@code points / 4} buckets of equal step width (as {@link JdbcReportStore#metricCurves} cuts one run's),
     * each giving its first, last, lowest and highest point. The statement computes each bucket's
     * extremes with window aggregates over the rows in index order and returns only the rows that hold
     * one of them (a few per bucket); ties (two points at a bucket's lowest value) are settled here
     * the way the one-run read's array comparison settles them. Points by step.
     */
    Map<String, Map<String, List<MetricPoint>>> curves(
            Collection<String> runIds, Collection<String> keys, long fromStep, long toStep, int points, int whole) {
        if (runIds.isEmpty() || keys.isEmpty()) {
            return Map.of();
        }
        Map<List<Object>, List<MetricPoint>> buckets = new LinkedHashMap<>();
        Map<String, Map<String, TreeSet<MetricPoint>>> sets = new HashMap<>();
        jdbc.sql("""
                        with series as materialized (
                            select run_id, key, min(step) as lo, max(step) as hi, count(*) as n
                            from run_metrics where run_id in (:ids) and key in (:keys) and step between :lo and :hi
                            group by run_id, key)
                        select m.run_id, m.key, null::bigint as bucket, true as whole, m.step, m.value, m.at
                        from series s join run_metrics m on m.run_id = s.run_id and m.key = s.key
                        where s.n <= :whole and m.run_id in (:ids) and m.key in (:keys) and m.step between :lo and :hi
                        union all
                        select run_id, key, bucket, false, step, value, at from (
                            select m.run_id, m.key, m.step, m.value, m.at,
                                floor((m.step - s.lo)::numeric * :buckets / (s.hi - s.lo + 1))::bigint as bucket,
                                min(m.step) over b as first_step, max(m.step) over b as last_step,
                                min(m.value) over b as lowest, max(m.value) over b as highest
                            from series s join run_metrics m on m.run_id = s.run_id and m.key = s.key
                            where s.n > :whole and m.run_id in (:ids) and m.key in (:keys) and m.step between :lo and :hi
                            window b as (partition by m.run_id, m.key,
                                floor((m.step - s.lo)::numeric * :buckets / (s.hi - s.lo + 1))::bigint)) w
                        where step = first_step or step = last_step or value = lowest or value = highest""")
                .param("ids", runIds)
                .param("keys", keys)
                .param("lo", fromStep)
                .param("hi", toStep)
                .param("whole", whole)
                .param("buckets", Math.max(1, points / 4))
                .query((ResultSet rs) -> {
                    String run = rs.getString("run_id");
                    String key = rs.getString("key");
                    var point = new MetricPoint(
                            key,
                            rs.getLong("step"),
                            rs.getDouble("value"),
                            rs.getTimestamp("at").toInstant());
                    if (rs.getBoolean("whole")) {
                        set(sets, key, run).add(point);
                    } else {
                        buckets.computeIfAbsent(List.of(key, run, rs.getLong("bucket")), b -> new ArrayList<>())
                                .add(point);
                    }
                });
        buckets.forEach((bucket, candidates) -> {
            var set = set(sets, (String) bucket.get(0), (String) bucket.get(1));
            set.add(candidates.stream().min(BY_STEP).orElseThrow());
            set.add(candidates.stream().max(BY_STEP).orElseThrow());
            set.add(candidates.stream().min(BY_VALUE).orElseThrow());
            set.add(candidates.stream().max(BY_VALUE).orElseThrow());
        });
        Map<String, Map<String, List<MetricPoint>>> out = new HashMap<>();
        sets.forEach((key, byRun) -> {
            Map<String, List<MetricPoint>> curves = new HashMap<>();
            byRun.forEach((run, set) -> curves.put(run, List.copyOf(set)));
            out.put(key, curves);
        });
        return out;
    }

    private static TreeSet<MetricPoint> set(
            Map<String, Map<String, TreeSet<MetricPoint>>> sets, String key, String run) {
        return sets.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(run, r -> new TreeSet<>(BY_STEP));
    }
}

package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final JdbcClient jdbc;

    JdbcComparisonReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
     * Run id → one key's curve between two steps (inclusive) of each run, in one statement: a series of
     * at most {@code points} points comes whole (its rows as they are, no aggregate); a longer one is cut into {@code points / 4} buckets
     * of equal step width, each giving its first, last, lowest and highest point (as {@link
     * JdbcRunStore#metricCurves} does for one run). Points by step.
     */
    Map<String, List<MetricPoint>> curves(
            Collection<String> runIds, String key, long fromStep, long toStep, int points) {
        Map<String, TreeSet<MetricPoint>> sets = new HashMap<>();
        if (runIds.isEmpty()) {
            return Map.of();
        }
        jdbc.sql("""
                        with series as materialized (
                            select run_id, min(step) as lo, max(step) as hi, count(*) as n
                            from run_metrics where run_id in (:ids) and key = :key and step between :lo and :hi
                            group by run_id)
                        select m.run_id, m.step, m.value, m.at, null::float8[] as first_point,
                            null::float8[] as last_point, null::float8[] as lowest, null::float8[] as highest
                        from series s join run_metrics m
                            on m.run_id = s.run_id and m.key = :key and m.step between :lo and :hi
                        where s.n <= :points
                        union all
                        select run_id, null::bigint, null::float8, null::timestamptz,
                            min(by_step), max(by_step), min(by_value), max(by_value)
                        from (
                            select m.run_id,
                                array[m.step::float8, m.value, extract(epoch from m.at)::float8] as by_step,
                                array[m.value, m.step::float8, extract(epoch from m.at)::float8] as by_value,
                                floor((m.step - s.lo)::numeric * :buckets / (s.hi - s.lo + 1))::bigint as bucket
                            from series s join run_metrics m
                                on m.run_id = s.run_id and m.key = :key and m.step between :lo and :hi
                            where s.n > :points) b
                        group by run_id, bucket""")
                .param("ids", runIds)
                .param("key", key)
                .param("lo", fromStep)
                .param("hi", toStep)
                .param("points", points)
                .param("buckets", Math.max(1, points / 4))
                .query((ResultSet rs) -> {
                    var set = sets.computeIfAbsent(rs.getString("run_id"), r -> new TreeSet<>(BY_STEP));
                    Array first = rs.getArray("first_point");
                    if (first == null) { // a point of a series that comes whole
                        set.add(new MetricPoint(
                                key,
                                rs.getLong("step"),
                                rs.getDouble("value"),
                                rs.getTimestamp("at").toInstant()));
                        return;
                    }
                    add(set, key, first, 0, 1);
                    add(set, key, rs.getArray("last_point"), 0, 1);
                    add(set, key, rs.getArray("lowest"), 1, 0);
                    add(set, key, rs.getArray("highest"), 1, 0);
                });
        Map<String, List<MetricPoint>> out = new HashMap<>();
        sets.forEach((run, set) -> out.put(run, List.copyOf(set)));
        return out;
    }

    private static void add(TreeSet<MetricPoint> set, String key, Array array, int stepAt, int valueAt)
            throws SQLException {
        if (array != null) {
            set.add(JdbcReportStore.point(key, array, stepAt, valueAt));
        }
    }
}

package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of comparisons: several runs per statement, where {@link JdbcRunStore} reads one run per
 * statement (their curves: {@link JdbcCurveReads}). Callers check access first; every value is a bound parameter.
 */
@Repository
class JdbcComparisonReads {

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
}

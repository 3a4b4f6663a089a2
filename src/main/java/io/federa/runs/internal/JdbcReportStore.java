package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import io.federa.runs.RunArtifact;
import io.federa.runs.RunLogLine;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of what jobs report for their runs: metric points, log lines, artifacts, and what they use of
 * the storage quotas. Callers hold the transactions; every value is a bound parameter. (Split from {@link
 * JdbcRunStore}, which keeps runs, their states, params and tags.)
 */
@Repository
class JdbcReportStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JdbcCurveReads curves;

    JdbcReportStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JdbcCurveReads curves) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.curves = curves;
    }

    /** What reports stored: metric points, bytes of log lines, bytes of artifacts (of a run or a team). */
    record Storage(long metricPoints, long logBytes, long artifactBytes) {}

    /** The last point of each key: one index walk per key over (run_id, key, step). */
    List<MetricPoint> lastMetrics(String runId) {
        return jdbc.sql("""
                        select distinct on (key) key, step, value, at from run_metrics where run_id = :id
                        order by key, step desc, at desc""")
                .param("id", runId)
                .query((rs, n) -> new MetricPoint(
                        rs.getString("key"),
                        rs.getLong("step"),
                        rs.getDouble("value"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /**
     * One statement for the whole batch: the arrays travel as four parameters. The same statement
     * merges the batch into the series' stored buckets (trigger {@code run_metric_buckets_add}, V0034).
     */
    int insertMetrics(String runId, List<MetricPoint> points) {
        if (points.isEmpty()) {
            return 0;
        }
        return jdbcTemplate.execute(
                (java.sql.Connection con) -> {
                    PreparedStatement ps = con.prepareStatement("""
                            insert into run_metrics (run_id, key, step, value, at)
                            select ?, k, s, v, t from unnest(?::varchar[], ?::int8[], ?::float8[], ?::timestamptz[])
                                as u(k, s, v, t)""");
                    int size = points.size();
                    Object[] keys = new Object[size];
                    Object[] steps = new Object[size];
                    Object[] values = new Object[size];
                    Object[] ats = new Object[size];
                    for (int i = 0; i < size; i++) {
                        MetricPoint p = points.get(i);
                        keys[i] = p.key();
                        steps[i] = p.step();
                        values[i] = p.value();
                        ats[i] = ts(p.timestamp());
                    }
                    ps.setString(1, runId);
                    ps.setArray(2, array(con, "varchar", keys));
                    ps.setArray(3, array(con, "int8", steps));
                    ps.setArray(4, array(con, "float8", values));
                    ps.setArray(5, array(con, "timestamptz", ats));
                    return ps;
                },
                (PreparedStatement ps) -> ps.executeUpdate());
    }

    int appendLogs(String runId, List<String> lines, Instant at) {
        if (lines.isEmpty()) {
            return 0;
        }
        return jdbcTemplate.execute(
                (java.sql.Connection con) -> {
                    PreparedStatement ps = con.prepareStatement("""
                            insert into run_logs (run_id, line, at)
                            select ?, l, ? from unnest(?::text[]) with ordinality as u(l, n) order by n""");
                    ps.setString(1, runId);
                    ps.setTimestamp(2, ts(at));
                    ps.setArray(3, array(con, "text", lines.toArray()));
                    return ps;
                },
                (PreparedStatement ps) -> ps.executeUpdate());
    }

    /** The run's storage counters (V0019), zero for a run that does not exist. */
    Storage storage(String runId) {
        return jdbc.sql("select metric_points, log_bytes, artifact_bytes from runs where id = :id")
                .param("id", runId)
                .query((rs, n) -> new Storage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .optional()
                .orElse(new Storage(0, 0, 0));
    }

    /**
     * What all runs of the team stored. Read without a lock: concurrent requests of one team may pass
     * the team's quota together, by at most one request each; a run's own count is exact.
     */
    Storage teamStorage(String team) {
        return jdbc.sql("""
                        select coalesce(sum(metric_points), 0), coalesce(sum(log_bytes), 0),
                            coalesce(sum(artifact_bytes), 0)
                        from runs where team = :team""")
                .param("team", team)
                .query((rs, n) -> new Storage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /** Adds {@code n} to the run's metric points if the sum stays within {@code max}; false, and nothing changed, if not. */
    boolean countMetricPoints(String runId, long n, long max) {
        return count("metric_points", runId, n, max);
    }

    boolean countLogBytes(String runId, long n, long max) {
        return count("log_bytes", runId, n, max);
    }

    /** {@code n} may be negative: a smaller file replaced a bigger one. */
    boolean countArtifactBytes(String runId, long n, long max) {
        return count("artifact_bytes", runId, n, max);
    }

    /** One conditional update, so two requests of one run cannot both pass its quota. {@code column} is a constant. */
    private boolean count(String column, String runId, long n, long max) {
        return jdbc.sql("update runs set " + column + " = greatest(0, " + column + " + :n) where id = :id and " + column
                                + " + :n <= :max")
                        .param("n", n)
                        .param("id", runId)
                        .param("max", max)
                        .update()
                == 1;
    }

    /** The size of the run's artifact of that name, 0 if it has none. */
    long artifactSize(String runId, String name) {
        return jdbc.sql("select size_bytes from run_artifacts where run_id = :id and name = :name")
                .param("id", runId)
                .param("name", name)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    void putArtifact(String runId, RunArtifact artifact) {
        jdbc.sql("""
                        insert into run_artifacts (run_id, name, size_bytes, sha256, stored_at)
                        values (:id, :name, :size, :sha, :at)
                        on conflict (run_id, name) do update set size_bytes = excluded.size_bytes,
                            sha256 = excluded.sha256, stored_at = excluded.stored_at""")
                .param("id", runId)
                .param("name", artifact.name())
                .param("size", artifact.sizeBytes())
                .param("sha", artifact.sha256())
                .param("at", ts(artifact.storedAt()))
                .update();
    }

    List<MetricPoint> metrics(String runId, @Nullable String key, long fromStep, int limit) {
        String where = key == null ? "" : " and key = :key";
        var spec = jdbc.sql("select key, step, value, at from run_metrics where run_id = :id and step >= :from" + where
                        + " order by key, step, at limit :limit")
                .param("id", runId)
                .param("from", fromStep)
                .param("limit", limit);
        if (key != null) {
            spec = spec.param("key", key);
        }
        return spec.query((rs, n) -> new MetricPoint(
                        rs.getString("key"),
                        rs.getLong("step"),
                        rs.getDouble("value"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /**
     * Each key's series in at most {@code points} points, by key and step: a longer series gives each
     * bucket's first, last, lowest and highest point ({@link JdbcCurveReads}, read from the buckets
     * stored at ingest).
     */
    List<MetricPoint> metricCurves(String runId, int points) {
        return metricCurves(runId, null, Long.MIN_VALUE, Long.MAX_VALUE, points);
    }

    /** The same for one key (or all: null) between two steps (inclusive). */
    List<MetricPoint> metricCurves(String runId, @Nullable String key, long fromStep, long toStep, int points) {
        var byKey = new java.util.TreeMap<>(
                curves.curves(List.of(runId), key == null ? null : List.of(key), fromStep, toStep, points));
        return byKey.values().stream()
                .flatMap(byRun -> byRun.getOrDefault(runId, List.of()).stream())
                .toList();
    }

    List<RunLogLine> logs(String runId, long afterSeq, int limit) {
        return jdbc.sql("select seq, line, at from run_logs where run_id = :id and seq > :after order by seq "
                        + "limit :limit")
                .param("id", runId)
                .param("after", afterSeq)
                .param("limit", limit)
                .query((rs, n) -> new RunLogLine(
                        rs.getLong("seq"),
                        rs.getString("line"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** The last {@code limit} lines, oldest first. */
    List<RunLogLine> logTail(String runId, int limit) {
        return jdbc.sql("select seq, line, at from (select seq, line, at from run_logs where run_id = :id "
                        + "order by seq desc limit :limit) tail order by seq")
                .param("id", runId)
                .param("limit", limit)
                .query((rs, n) -> new RunLogLine(
                        rs.getLong("seq"),
                        rs.getString("line"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    List<RunArtifact> artifacts(String runId) {
        return jdbc.sql("select * from run_artifacts where run_id = :id order by name")
                .param("id", runId)
                .query((rs, n) -> new RunArtifact(
                        rs.getString("name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getTimestamp("stored_at").toInstant()))
                .list();
    }

    private static Array array(java.sql.Connection con, String type, Object[] values) throws SQLException {
        return con.createArrayOf(type, values);
    }

    private static Timestamp ts(Instant instant) {
        return JdbcRunStore.ts(instant);
    }
}

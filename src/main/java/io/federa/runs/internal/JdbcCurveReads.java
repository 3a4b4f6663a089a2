package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.stereotype.Repository;

/**
 * What charts draw of metric series (the run page's, compare's), read from the buckets written as the
 * points arrive ({@code run_metric_buckets}, V0034, docs/adr/0036-downsampled-metric-series.md) rather
 * than from every point: two statements whatever the number of runs and keys. The first reads each
 * series' extent and size from its 64-step buckets; then per series (in Java, {@link #plan}) the
 * cheapest exact way to draw it at the chart's width:
 * <ul>
 *   <li>a series of at most {@code points} points (or one that spans at most {@code points} steps and
 *       has at most {@link #WHOLE_UP_TO} times as many points) comes whole, as its rows: a zoomed chart
 *       shows every point;
 *   <li>a longer one is cut into {@code points / 4} chart buckets, each giving its first, last, lowest and
 *       highest point. A chart bucket is a run of whole stored buckets of the coarsest width (64 or 4
 *       steps) of which the range spans at least as many as the chart has buckets; the partly covered
 *       stored buckets at the ends of a zoomed range are read from the raw rows (fewer than 64 steps
 *       each). Stored buckets keep their points whole, so a chart bucket is exactly what thinning the
 *       raw rows on the same grid gives ({@link Segment#slot}).
 * </ul>
 * Callers check access first; every value is a bound parameter.
 */
@Repository
class JdbcCurveReads {

    /** Stored bucket widths in steps, coarsest first (V0034). */
    static final int[] WIDTHS = {64, 4};
    /**
     * A series spanning at most the chart's width in steps (so it only has more points than the chart asks
     * because steps repeat) comes whole up to this many times the chart's width.
     */
    static final int WHOLE_UP_TO = 2;

    static final Comparator<MetricPoint> BY_STEP = Comparator.comparingLong(MetricPoint::step)
            .thenComparingDouble(MetricPoint::value)
            .thenComparing(MetricPoint::timestamp);
    static final Comparator<MetricPoint> BY_VALUE = Comparator.comparingDouble(MetricPoint::value)
            .thenComparingLong(MetricPoint::step)
            .thenComparing(MetricPoint::timestamp);

    /** How a segment of a series is read: its rows, its raw rows thinned, or its stored buckets. */
    enum Kind {
        WHOLE,
        RAW,
        STORED
    }

    /**
     * A step range of one series and how it is read. A thinned series' segments share one grid: chart
     * bucket ({@link #slot}) {@code floor((width * floor(step / width) - origin) * buckets / span)}; for
     * {@link Kind#STORED} {@code lo} and {@code hi} are bucket numbers of that width, else steps.
     */
    record Segment(
            String run, String key, Kind kind, long lo, long hi, int width, long origin, long span, int buckets) {

        /** The chart bucket of a step of the range (as the SQL groups raw rows, in numeric). */
        long slot(long step) {
            long offset = Math.floorDiv(step, (long) width) * width - origin;
            if (offset < Long.MAX_VALUE / buckets) {
                return offset * buckets / span;
            }
            return java.math.BigInteger.valueOf(offset)
                    .multiply(java.math.BigInteger.valueOf(buckets))
                    .divide(java.math.BigInteger.valueOf(span))
                    .longValueExact();
        }
    }

    private final JdbcClient jdbc;

    JdbcCurveReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Key → run id → curve between two steps (inclusive) of each run, at most {@code points} points per
     * series, by step; {@code keys} null: every key.
     */
    Map<String, Map<String, List<MetricPoint>>> curves(
            Collection<String> runIds, @Nullable Collection<String> keys, long fromStep, long toStep, int points) {
        if (runIds.isEmpty() || (keys != null && keys.isEmpty())) {
            return Map.of();
        }
        List<Segment> segments = new ArrayList<>();
        jdbc.sql("""
                        select run_id, key, min(first_step) as lo, max(last_step) as hi, sum(points) as n
                        from run_metric_buckets
                        where run_id in (:ids) and width = 64 and bucket between :first and :last""" + (keys == null ? "" : " and key in (:keys)") + " group by run_id, key")
                .param("ids", runIds)
                .param("first", Math.floorDiv(fromStep, 64L))
                .param("last", Math.floorDiv(toStep, 64L))
                .params(keys == null ? Map.of() : Map.of("keys", keys))
                .query((ResultSet rs) -> {
                    segments.addAll(plan(
                            rs.getString("run_id"),
                            rs.getString("key"),
                            rs.getLong("lo"),
                            rs.getLong("hi"),
                            rs.getLong("n"),
                            fromStep,
                            toStep,
                            points));
                });
        return read(segments);
    }

    /** The segments that draw one series (extent {@code lo..hi}, about {@code n} points) between two steps. */
    static List<Segment> plan(String run, String key, long lo, long hi, long n, long from, long to, int points) {
        long a = Math.max(from, lo);
        long b = Math.min(to, hi);
        if (a > b) {
            return List.of();
        }
        long span = b - a + 1;
        int buckets = Math.max(1, points / 4);
        if (n <= points || (span <= points && n <= (long) WHOLE_UP_TO * points)) {
            return List.of(new Segment(run, key, Kind.WHOLE, a, b, 1, a, span, buckets));
        }
        for (int width : WIDTHS) {
            long firstBucket = Math.floorDiv(a, (long) width);
            long lastBucket = Math.floorDiv(b, (long) width);
            if (span > points && lastBucket - firstBucket + 1 >= buckets) {
                long origin = firstBucket * width;
                long gridSpan = (lastBucket + 1) * width - origin;
                long firstWhole = Math.ceilDiv(a, (long) width);
                long lastWhole = Math.floorDiv(b - width + 1, (long) width);
                List<Segment> out = new ArrayList<>(3);
                if (firstWhole > lastWhole) {
                    out.add(new Segment(run, key, Kind.RAW, a, b, width, origin, gridSpan, buckets));
                    return out;
                }
                if (a < firstWhole * width) {
                    out.add(new Segment(
                            run, key, Kind.RAW, a, firstWhole * width - 1, width, origin, gridSpan, buckets));
                }
                out.add(new Segment(run, key, Kind.STORED, firstWhole, lastWhole, width, origin, gridSpan, buckets));
                if ((lastWhole + 1) * width <= b) {
                    out.add(new Segment(
                            run, key, Kind.RAW, (lastWhole + 1) * width, b, width, origin, gridSpan, buckets));
                }
                return out;
            }
        }
        // more points than twice the steps it spans (a step reported again and again): thinned from the rows
        return List.of(new Segment(run, key, Kind.RAW, a, b, 1, a, span, buckets));
    }

    /** Reads the segments in one statement: key → run id → points by step. */
    Map<String, Map<String, List<MetricPoint>>> read(List<Segment> segments) {
        if (segments.isEmpty()) {
            return Map.of();
        }
        int size = segments.size();
        Object[] runs = new Object[size];
        Object[] keys = new Object[size];
        Object[] kinds = new Object[size];
        Object[] los = new Object[size];
        Object[] his = new Object[size];
        Object[] widths = new Object[size];
        Object[] origins = new Object[size];
        Object[] spans = new Object[size];
        Object[] buckets = new Object[size];
        for (int i = 0; i < size; i++) {
            Segment s = segments.get(i);
            runs[i] = s.run();
            keys[i] = s.key();
            kinds[i] = s.kind().ordinal();
            los[i] = s.lo();
            his[i] = s.hi();
            widths[i] = s.width();
            origins[i] = s.origin();
            spans[i] = s.span();
            buckets[i] = s.buckets();
        }
        Map<String, Map<String, TreeSet<MetricPoint>>> sets = new HashMap<>();
        Map<List<Object>, MetricPoint[]> slots = new HashMap<>();
        Map<List<String>, Segment> grids = new HashMap<>();
        segments.forEach(s -> grids.put(List.of(s.run(), s.key()), s));
        // stored buckets and whole rows leave as they are (no work per row in the database: building
        // arrays and epochs for each of 7,500 buckets cost more than the read); raw rows to thin (the ends
        // of a zoomed range, repeated steps) are grouped by chart bucket here
        jdbc.sql("""
                        with plan as materialized (
                            select * from unnest(cast(:runs as varchar[]), cast(:keys as varchar[]), cast(:kinds as int[]),
                                cast(:los as int8[]), cast(:his as int8[]), cast(:widths as int[]),
                                cast(:origins as int8[]), cast(:spans as int8[]), cast(:buckets as int[]))
                                as p(run_id, key, kind, lo, hi, width, origin, span, buckets))
                        select b.run_id, b.key, true as thinned, b.first_step as s1, b.first_value as v1, b.first_at as t1,
                            b.last_step as s2, b.last_value as v2, b.last_at as t2, b.low_step as s3, b.low_value as v3,
                            b.low_at as t3, b.high_step as s4, b.high_value as v4, b.high_at as t4
                        from plan p join run_metric_buckets b on b.run_id = p.run_id and b.key = p.key
                            and b.width = p.width and b.bucket between p.lo and p.hi
                        where p.kind = 2
                        union all
                        select run_id, key, true, f[1]::int8, f[2], timestamptz 'epoch' + f[3]::int8 * interval '1 microsecond',
                            l[1]::int8, l[2], timestamptz 'epoch' + l[3]::int8 * interval '1 microsecond',
                            lo[2]::int8, lo[1], timestamptz 'epoch' + lo[3]::int8 * interval '1 microsecond',
                            hi[2]::int8, hi[1], timestamptz 'epoch' + hi[3]::int8 * interval '1 microsecond'
                        from (
                            select p.run_id, p.key, min(array[m.step::float8, m.value, u.us]) as f,
                                max(array[m.step::float8, m.value, u.us]) as l, min(array[m.value, m.step::float8, u.us]) as lo,
                                max(array[m.value, m.step::float8, u.us]) as hi
                            from plan p join run_metrics m on m.run_id = p.run_id and m.key = p.key
                                and m.step between p.lo and p.hi
                            cross join lateral (select (extract(epoch from m.at) * 1000000)::float8 as us) u
                            where p.kind = 1
                            group by p.run_id, p.key, floor(((m.step / p.width - (m.step % p.width < 0)::int) * p.width
                                - p.origin)::numeric * p.buckets / p.span)) g
                        union all
                        select m.run_id, m.key, false, m.step, m.value, m.at,
                            null, null, null, null, null, null, null, null, null
                        from plan p join run_metrics m on m.run_id = p.run_id and m.key = p.key
                            and m.step between p.lo and p.hi
                        where p.kind = 0""")
                .param("runs", array("varchar", runs))
                .param("keys", array("varchar", keys))
                .param("kinds", array("int4", kinds))
                .param("los", array("int8", los))
                .param("his", array("int8", his))
                .param("widths", array("int4", widths))
                .param("origins", array("int8", origins))
                .param("spans", array("int8", spans))
                .param("buckets", array("int4", buckets))
                .query((ResultSet rs) -> {
                    String run = rs.getString("run_id");
                    String key = rs.getString("key");
                    MetricPoint first = point(rs, key, 1);
                    if (!rs.getBoolean("thinned")) {
                        set(sets, key, run).add(first);
                        return;
                    }
                    long slot = grids.get(List.of(run, key)).slot(first.step());
                    MetricPoint[] best = slots.computeIfAbsent(List.of(key, run, slot), b -> new MetricPoint[4]);
                    keep(best, 0, first, BY_STEP, -1);
                    keep(best, 1, point(rs, key, 2), BY_STEP, 1);
                    keep(best, 2, point(rs, key, 3), BY_VALUE, -1);
                    keep(best, 3, point(rs, key, 4), BY_VALUE, 1);
                });
        slots.forEach((slot, best) -> {
            var set = set(sets, (String) slot.get(0), (String) slot.get(1));
            for (MetricPoint p : best) {
                set.add(p);
            }
        });
        Map<String, Map<String, List<MetricPoint>>> out = new HashMap<>();
        sets.forEach((key, byRun) -> {
            Map<String, List<MetricPoint>> curves = new HashMap<>();
            byRun.forEach((run, set) -> curves.put(run, List.copyOf(set)));
            out.put(key, curves);
        });
        return out;
    }

    /**
     * Keeps {@code candidate} at {@code at} if there is none yet or it is greater ({@code sign} 1) or less
     * ({@code sign} -1) by {@code order}: a chart bucket's rows (stored buckets and raw ends) come together.
     */
    private static void keep(
            MetricPoint[] best, int at, MetricPoint candidate, Comparator<MetricPoint> order, int sign) {
        if (best[at] == null || Integer.signum(order.compare(candidate, best[at])) == sign) {
            best[at] = candidate;
        }
    }

    /** The point in columns s{n}, v{n}, t{n}. */
    private static MetricPoint point(ResultSet rs, String key, int n) throws SQLException {
        return new MetricPoint(
                key,
                rs.getLong("s" + n),
                rs.getDouble("v" + n),
                rs.getTimestamp("t" + n).toInstant());
    }

    /** A bound array parameter (a Java array would be expanded into a list of parameters). */
    private static SqlTypeValue array(String type, Object[] values) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection con, int sqlType, @Nullable String typeName)
                    throws SQLException {
                return con.createArrayOf(type, values);
            }
        };
    }

    private static TreeSet<MetricPoint> set(
            Map<String, Map<String, TreeSet<MetricPoint>>> sets, String key, String run) {
        return sets.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(run, r -> new TreeSet<>(BY_STEP));
    }
}

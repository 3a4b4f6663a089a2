package io.federa.runs.internal;

import static io.federa.runs.internal.JdbcCurveReads.BY_STEP;
import static io.federa.runs.internal.JdbcCurveReads.BY_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.federa.runs.MetricPoint;
import io.federa.runs.internal.JdbcCurveReads.Kind;
import io.federa.runs.internal.JdbcCurveReads.Segment;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.StoredRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The downsampled series written at ingest (V0034, ADR 36) on the real PostgreSQL: after batches that
 * arrive out of order and repeat steps, every stored bucket is what counting the raw rows from scratch
 * gives; a chart read from the stored buckets is exactly the raw rows thinned on the same grid; a zoom
 * to a narrow range reads the raw rows.
 */
@FederaIntegrationTest
class RunMetricBucketsIT {

    @Autowired
    JdbcReportStore store;

    @Autowired
    RunReporting reporting;

    @Autowired
    JdbcCurveReads curves;

    @Autowired
    JdbcTemplate jdbc;

    private String runId;

    @BeforeEach
    void aRun() {
        runId = "r-bkt" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        StoredRuns.insert(jdbc, runId, "team-a", "RUNNING");
    }

    /** A stored bucket as the table holds it, and as a from-scratch count over the raw rows gives it. */
    record Bucket(
            String key,
            int width,
            long bucket,
            long points,
            MetricPoint first,
            MetricPoint last,
            MetricPoint low,
            MetricPoint high) {}

    @Test
    void buckets_stored_at_ingest_equal_a_count_from_the_raw_rows_whatever_the_order_and_repeats_of_the_batches() {
        Random random = new Random(12);
        for (int round = 0; round < 3; round++) {
            List<MetricPoint> points = randomPoints(random, 3_000);
            Collections.shuffle(points, random);
            for (int from = 0; from < points.size(); ) {
                int to = Math.min(points.size(), from + 1 + random.nextInt(700));
                List<MetricPoint> batch = points.subList(from, to);
                if (random.nextBoolean()) {
                    // the statement the store inserts with
                    store.insertMetrics(runId, batch);
                } else {
                    // the reporting API's path (quota counters, then the same statement)
                    reporting.metrics(
                            new RunCaller(runId, "team-a"),
                            runId,
                            batch.stream()
                                    .map(p -> new RunReporting.MetricInput(p.key(), p.step(), p.value(), p.timestamp()))
                                    .toList());
                }
                from = to;
            }
            assertThat(stored()).as("round %d", round).isEqualTo(fromScratch());
        }
        assertThat(stored()).extracting(Bucket::width).contains(4, 64);

        jdbc.update("delete from run_metrics where run_id = ? and key = 'loss' and step between 100 and 900", runId);
        assertThat(stored()).as("after some points were deleted").isEqualTo(fromScratch());
        jdbc.update("delete from runs where id = ?", runId);
        assertThat(jdbc.queryForObject("select count(*) from run_metric_buckets where run_id = ?", Long.class, runId))
                .as("a deleted run's buckets")
                .isZero();
    }

    @Test
    void a_chart_read_from_stored_buckets_is_exactly_the_raw_rows_thinned_on_the_same_grid() {
        Random random = new Random(7);
        List<MetricPoint> points = randomPoints(random, 20_000);
        Collections.shuffle(points, random);
        for (int from = 0; from < points.size(); from += 1_000) {
            store.insertMetrics(runId, points.subList(from, Math.min(points.size(), from + 1_000)));
        }
        List<MetricPoint> raw = store.metrics(runId, null, Long.MIN_VALUE, Integer.MAX_VALUE);
        long hi = raw.stream().mapToLong(MetricPoint::step).max().orElseThrow();
        for (long[] range :
                new long[][] {{Long.MIN_VALUE, Long.MAX_VALUE}, {1_001, 7_777}, {13, 4_000}, {5_000, hi - 3}}) {
            for (int width : new int[] {600, 200, 1_200, 40}) {
                for (String key : List.of("loss", "accuracy")) {
                    List<MetricPoint> series =
                            raw.stream().filter(p -> p.key().equals(key)).toList();
                    List<Segment> plan = JdbcCurveReads.plan(
                            runId,
                            key,
                            series.getFirst().step(),
                            series.getLast().step(),
                            series.size(),
                            range[0],
                            range[1],
                            width);
                    assertThat(plan)
                            .as("%s over %d..%d at %d points reads stored buckets", key, range[0], range[1], width)
                            .anySatisfy(s -> assertThat(s.kind()).isEqualTo(Kind.STORED));
                    List<MetricPoint> read = curves.read(plan).get(key).get(runId);
                    assertThat(read)
                            .as("%s over %d..%d at %d points", key, range[0], range[1], width)
                            .isEqualTo(thinned(series, plan.getFirst(), range[0], range[1]))
                            .hasSizeLessThanOrEqualTo(width)
                            .isEqualTo(curves.curves(List.of(runId), List.of(key), range[0], range[1], width)
                                    .get(key)
                                    .get(runId));
                }
            }
        }
    }

    @Test
    void a_zoomed_chart_and_a_short_series_come_as_their_raw_rows() {
        Random random = new Random(3);
        List<MetricPoint> points = randomPoints(random, 5_000);
        store.insertMetrics(runId, points);
        List<MetricPoint> raw = store.metrics(runId, "loss", Long.MIN_VALUE, Integer.MAX_VALUE);

        List<MetricPoint> zoomed = curves.curves(List.of(runId), List.of("loss"), 1_234L, 1_733L, 600)
                .get("loss")
                .get(runId);
        assertThat(zoomed)
                .as("500 steps at 600 points: every point, as stored")
                .isEqualTo(raw.stream()
                        .filter(p -> p.step() >= 1_234 && p.step() <= 1_733)
                        .sorted(BY_STEP)
                        .toList());
        // the extent and size of the 64-step buckets the range touches: 1,216..1,791, ~580 points
        assertThat(JdbcCurveReads.plan(runId, "loss", 1_216, 1_791, 580, 1_234, 1_733, 600))
                .extracting(Segment::kind)
                .containsExactly(Kind.WHOLE);

        store.insertMetrics(
                runId, List.of(new MetricPoint("lr", 3, 0.1, Instant.parse("2026-01-01T00:00:00.000001Z"))));
        assertThat(curves.curves(List.of(runId), null, Long.MIN_VALUE, Long.MAX_VALUE, 600)
                        .get("lr")
                        .get(runId))
                .containsExactly(new MetricPoint("lr", 3, 0.1, Instant.parse("2026-01-01T00:00:00.000001Z")));
    }

    /**
     * {@code n} points of two keys over steps 0..~n/2 with repeated steps, a few values only (ties) and
     * microsecond times.
     */
    private static List<MetricPoint> randomPoints(Random random, int n) {
        List<MetricPoint> out = new ArrayList<>(n);
        Instant start = Instant.parse("2026-11-30T10:00:00Z");
        for (int i = 0; i < n; i++) {
            String key = i % 2 == 0 ? "loss" : "accuracy";
            long step = random.nextInt(n / 2 + 1);
            double value = random.nextInt(5) == 0 ? random.nextGaussian() : random.nextInt(7) / 4.0;
            out.add(new MetricPoint(key, step, value, start.plusNanos(1_000L * random.nextInt(5_000_000))));
        }
        return out;
    }

    /** The raw rows of a series thinned on a segment's grid: each chart bucket's four points, by step. */
    private static List<MetricPoint> thinned(List<MetricPoint> series, Segment grid, long from, long to) {
        Map<Long, List<MetricPoint>> bySlot = new TreeMap<>();
        series.stream()
                .filter(p -> p.step() >= from && p.step() <= to)
                .forEach(p -> bySlot.computeIfAbsent(grid.slot(p.step()), s -> new ArrayList<>())
                        .add(p));
        TreeSet<MetricPoint> out = new TreeSet<>(BY_STEP);
        bySlot.values().forEach(b -> {
            out.add(Collections.min(b, BY_STEP));
            out.add(Collections.max(b, BY_STEP));
            out.add(Collections.min(b, BY_VALUE));
            out.add(Collections.max(b, BY_VALUE));
        });
        return List.copyOf(out);
    }

    private List<Bucket> stored() {
        return jdbc.query(
                """
                select * from run_metric_buckets where run_id = ? order by key, width, bucket""",
                (rs, n) -> {
                    String key = rs.getString("key");
                    return new Bucket(
                            key,
                            rs.getInt("width"),
                            rs.getLong("bucket"),
                            rs.getLong("points"),
                            point(rs, key, "first"),
                            point(rs, key, "last"),
                            point(rs, key, "low"),
                            point(rs, key, "high"));
                },
                runId);
    }

    private static MetricPoint point(java.sql.ResultSet rs, String key, String which) throws java.sql.SQLException {
        return new MetricPoint(
                key,
                rs.getLong(which + "_step"),
                rs.getDouble(which + "_value"),
                rs.getTimestamp(which + "_at").toInstant());
    }

    private List<Bucket> fromScratch() {
        List<MetricPoint> raw = store.metrics(runId, null, Long.MIN_VALUE, Integer.MAX_VALUE);
        Map<List<Object>, List<MetricPoint>> groups = new TreeMap<>((a, b) -> {
            int c = ((String) a.get(0)).compareTo((String) b.get(0));
            c = c != 0 ? c : Integer.compare((Integer) a.get(1), (Integer) b.get(1));
            return c != 0 ? c : Long.compare((Long) a.get(2), (Long) b.get(2));
        });
        for (MetricPoint p : raw) {
            for (int width : new int[] {4, 64}) {
                groups.computeIfAbsent(
                                List.of(p.key(), width, Math.floorDiv(p.step(), (long) width)), g -> new ArrayList<>())
                        .add(p);
            }
        }
        List<Bucket> out = new ArrayList<>();
        groups.forEach((g, b) -> out.add(new Bucket(
                (String) g.get(0),
                (Integer) g.get(1),
                (Long) g.get(2),
                b.size(),
                Collections.min(b, BY_STEP),
                Collections.max(b, BY_STEP),
                Collections.min(b, BY_VALUE),
                Collections.max(b, BY_VALUE))));
        return out;
    }
}

package io.federa.runs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;

import io.federa.identity.UserLoggedIn;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.StoredRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How much of a run's metrics one read returns (issue 19 item 6): raw reads are capped, and what the
 * run page and compare draw is a bounded number of points per series that keeps each bucket's first,
 * last, lowest and highest point. On the real PostgreSQL, with points as a job would have posted them.
 */
@FederaIntegrationTest
class RunMetricReadsIT {

    private static final int STEPS = 30_000;

    @Autowired
    Runs runs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private String runId;

    @BeforeEach
    void aRunWithManyPoints() {
        tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(alice())));
        runId = "r-reads" + Long.toString(System.nanoTime() % 1_000_000, 36);
        StoredRuns.insert(jdbc, runId, "team-a", "COMPLETED");
        // loss falls as 1/(step+1), with one spike up at 12,345 and one dip at 20,000; lr has 10 points
        jdbc.update("""
                insert into run_metrics (run_id, key, step, value, at)
                select ?, 'loss', s, case s when 12345 then 100 when 20000 then -100 else 1.0 / (s + 1) end, now()
                from generate_series(0, ? - 1) s""", runId, STEPS);
        jdbc.update("""
                insert into run_metrics (run_id, key, step, value, at)
                select ?, 'lr', s, 0.1 / (s + 1), now() from generate_series(1, 10) s""", runId);
    }

    @Test
    void a_raw_read_returns_at_most_the_read_cap_whatever_limit_is_asked() {
        assertThat(runs.metrics(alice(), runId, null, 1_000_000)).hasSize(Runs.MAX_METRIC_POINTS_READ);
        assertThat(runs.metrics(alice(), runId, "loss", 1_000_000))
                .hasSize(Runs.MAX_METRIC_POINTS_READ)
                .extracting(MetricPoint::step)
                .startsWith(0L, 1L, 2L);
        assertThat(runs.metrics(alice(), runId, "loss", 25_000, 100))
                .as("the rest is read from a step on")
                .hasSize(100)
                .extracting(MetricPoint::step)
                .startsWith(25_000L);
        assertThat(Runs.MAX_METRIC_POINTS_READ).isLessThanOrEqualTo(10_000);
    }

    @Test
    void charts_read_a_bounded_number_of_points_per_series_keeping_first_last_lowest_and_highest() {
        Map<String, List<MetricPoint>> curves = byKey(runs.metricCurves(alice(), runId, 600));

        List<MetricPoint> loss = curves.get("loss");
        assertThat(loss).hasSizeBetween(100, 600);
        assertThat(loss).extracting(MetricPoint::step).isSorted().doesNotHaveDuplicates();
        assertThat(loss.getFirst().step()).isZero();
        assertThat(loss.getFirst().value()).isEqualTo(1.0);
        assertThat(loss.getLast().step()).isEqualTo(STEPS - 1);
        assertThat(loss)
                .as("the spike and the dip are kept")
                .anySatisfy(p -> assertThat(p.step()).isEqualTo(12_345L))
                .anySatisfy(p -> assertThat(p.step()).isEqualTo(20_000L));
        assertThat(loss).extracting(MetricPoint::value).contains(100.0, -100.0);
        assertThat(curves.get("lr")).as("a short series comes whole").hasSize(10);
        assertThat(runs.metricCurves(bob(), runId, 600))
                .as("another team's run")
                .isEmpty();
    }

    @Test
    void a_zoomed_chart_reads_its_range_at_full_resolution_and_a_wide_one_thinned() {
        List<MetricPoint> whole = runs.metricCurve(alice(), runId, "loss", null, null, 600);
        assertThat(whole).hasSizeBetween(100, 600);
        assertThat(whole).extracting(MetricPoint::key).containsOnly("loss");
        assertThat(whole.getLast().step()).isEqualTo(STEPS - 1);

        List<MetricPoint> zoomed = runs.metricCurve(alice(), runId, "loss", 12_300L, 12_399L, 600);
        assertThat(zoomed)
                .as("100 steps in the range: every one of them")
                .extracting(MetricPoint::step)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(12_300, 12_399)
                        .boxed()
                        .toList());

        List<MetricPoint> wide = runs.metricCurve(alice(), runId, "loss", 10_000L, 29_999L, 600);
        assertThat(wide).hasSizeBetween(100, 600);
        assertThat(wide.getFirst().step()).isEqualTo(10_000L);
        assertThat(wide.getLast().step()).isEqualTo(29_999L);
        assertThat(wide).extracting(MetricPoint::value).contains(100.0, -100.0);
        assertThat(runs.metricCurve(bob(), runId, "loss", null, null, 600))
                .as("another team's run")
                .isEmpty();
    }

    private static Map<String, List<MetricPoint>> byKey(List<MetricPoint> points) {
        Map<String, List<MetricPoint>> out = new java.util.LinkedHashMap<>();
        points.forEach(p ->
                out.computeIfAbsent(p.key(), k -> new java.util.ArrayList<>()).add(p));
        return out;
    }
}

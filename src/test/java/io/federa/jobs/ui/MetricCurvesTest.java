package io.federa.jobs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.jobs.MetricPoint;
import io.federa.shell.LineChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MetricCurvesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static List<MetricPoint> curve(String key, int n, double scale) {
        return LongStream.range(0, n)
                .mapToObj(s -> new MetricPoint(key, s, scale / (s + 1), T))
                .toList();
    }

    @Test
    void thinning_keeps_extremes_and_the_last_point() {
        List<MetricPoint> points = new ArrayList<>(curve("loss", 10_000, 1));
        points.set(5_000, new MetricPoint("loss", 5_000, 42.0, T));
        List<MetricPoint> thin = MetricCurves.thin(points, 600);
        assertThat(thin.size()).isLessThanOrEqualTo(602);
        assertThat(thin).extracting(MetricPoint::value).contains(42.0);
        assertThat(thin.getLast().step()).isEqualTo(9_999);
        assertThat(thin.getFirst().step()).isZero();
        assertThat(thin).isSortedAccordingTo((a, b) -> Long.compare(a.step(), b.step()));
        assertThat(MetricCurves.thin(points.subList(0, 10), 600)).hasSize(10);
    }

    @Test
    void points_travel_as_steps_and_values_with_nan_and_infinity_as_gaps() {
        LineChart.Points p = MetricCurves.points(List.of(
                new MetricPoint("loss", 1, 0.5, T),
                new MetricPoint("loss", 2, Double.NaN, T),
                new MetricPoint("loss", 3, Double.POSITIVE_INFINITY, T)));
        assertThat(p.x()).containsExactly(1, 2, 3);
        assertThat(p.y()).containsExactly(0.5, null, null);
        assertThat(p.lastX()).isEqualTo(3);
    }
}

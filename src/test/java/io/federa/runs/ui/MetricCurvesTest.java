package io.federa.runs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.runs.MetricPoint;
import io.federa.shell.LineChart;
import java.time.Instant;
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

package io.federa.jobs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.jobs.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MetricChartTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static List<MetricPoint> curve(String key, int n, double scale) {
        return LongStream.range(0, n)
                .mapToObj(s -> new MetricPoint(key, s, scale / (s + 1), T))
                .toList();
    }

    @Test
    void overlays_one_named_series_per_run_with_a_legend() {
        Map<String, List<MetricPoint>> series = new LinkedHashMap<>();
        series.put("r-aaaa", curve("loss", 50, 1));
        series.put("r-bbbb", curve("loss", 50, 2));
        String svg = MetricChart.svg("chart-0", "loss", series);
        assertThat(svg)
                .startsWith("<svg")
                .contains("role=\"img\"")
                .contains("<title id=\"chart-0-title\">loss by step");
        assertThat(svg).contains("r-aaaa").contains("r-bbbb");
        assertThat(svg.split("<path", -1).length).isGreaterThan(2);
    }

    @Test
    void text_that_a_job_chose_is_escaped() {
        String key = "<script>alert(1)</script>";
        String svg = MetricChart.svg("chart-1", key, Map.of("r-<b>", curve(key, 3, 1)));
        assertThat(svg).doesNotContain("<script").doesNotContain("<b>");
        assertThat(svg).contains("&lt;script&gt;");
    }

    @Test
    void thinning_keeps_extremes_and_the_last_point() {
        List<MetricPoint> points = new ArrayList<>(curve("loss", 10_000, 1));
        points.set(5_000, new MetricPoint("loss", 5_000, 42.0, T));
        List<MetricPoint> thin = MetricChart.thin(points, 600);
        assertThat(thin.size()).isLessThanOrEqualTo(602);
        assertThat(thin).extracting(MetricPoint::value).contains(42.0);
        assertThat(thin.getLast().step()).isEqualTo(9_999);
        assertThat(thin.getFirst().step()).isZero();
        assertThat(thin).isSortedAccordingTo((a, b) -> Long.compare(a.step(), b.step()));
        assertThat(MetricChart.thin(points.subList(0, 10), 600)).hasSize(10);
    }
}

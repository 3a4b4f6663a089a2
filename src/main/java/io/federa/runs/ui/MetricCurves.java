package io.federa.runs.ui;

import io.federa.identity.CurrentUser;
import io.federa.runs.MetricPoint;
import io.federa.runs.RunComparisons;
import io.federa.runs.Runs;
import io.federa.shell.LineChart;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One metric key of one or more runs as a browser-drawn {@link LineChart}, read through {@link Runs}
 * (so only runs the user may see), thinned by the store to the chart's width ({@link
 * Runs#metricCurve}), and kept live by
 * {@link #catchUp()}: each run's points after the last step already sent, and only those, are
 * appended. Docs: docs/adr/0024-browser-charts-and-script-editor.md.
 */
final class MetricCurves {

    private final Runs runs;
    private final CurrentUser me;
    private final String key;
    private final LineChart chart;
    private final Map<String, Long> lastStep = new HashMap<>();

    MetricCurves(Runs runs, CurrentUser me, String key, List<LineChart.Series> series) {
        this.runs = runs;
        this.me = me;
        this.key = key;
        this.chart = new LineChart(key, "step", this::read);
        chart.getElement().setAttribute("data-metric", key);
        chart.setSeries(series);
    }

    /**
     * Several runs' curves of the key, read together: one query per drawing ({@link RunComparisons#curves});
     * the first drawing is {@code firstDrawing} (run id → points), read with the other keys' at {@link
     * LineChart#firstWidth()}.
     */
    MetricCurves(
            Runs runs,
            RunComparisons comparisons,
            CurrentUser me,
            String key,
            List<LineChart.Series> series,
            Map<String, List<MetricPoint>> firstDrawing) {
        this.runs = runs;
        this.me = me;
        this.key = key;
        this.chart = LineChart.batched(key, "step", (ids, from, to, max) -> {
            Map<String, List<MetricPoint>> curves = comparisons.curves(me, ids, key, from, to, max);
            Map<String, LineChart.Points> out = new HashMap<>();
            curves.forEach((id, curve) -> {
                sent(id, from, to, curve);
                out.put(id, points(curve));
            });
            return out;
        });
        chart.getElement().setAttribute("data-metric", key);
        Map<String, LineChart.Points> first = new HashMap<>();
        firstDrawing.forEach((id, curve) -> {
            sent(id, null, null, curve);
            first.put(id, points(curve));
        });
        chart.setSeries(series, first);
    }

    LineChart chart() {
        return chart;
    }

    String key() {
        return key;
    }

    /** Appends to every series the points its run reported after the last one sent (a bounded read). */
    void catchUp() {
        for (LineChart.Series s : chart.getSeries()) {
            long after = lastStep.getOrDefault(s.id(), Long.MIN_VALUE);
            long from = after == Long.MIN_VALUE ? Long.MIN_VALUE : after + 1;
            List<MetricPoint> fresh = runs.metrics(me, s.id(), key, from, Runs.MAX_METRIC_POINTS_READ);
            if (!fresh.isEmpty()) {
                lastStep.put(s.id(), fresh.getLast().step());
                chart.append(s.id(), points(fresh));
            }
        }
    }

    /** The chart's read: the whole series, or the zoomed range, thinned by the store to the chart's width. */
    private LineChart.Points read(String runId, @Nullable Long from, @Nullable Long to, int maxPoints) {
        List<MetricPoint> curve = runs.metricCurve(me, runId, key, from, to, maxPoints);
        sent(runId, from, to, curve);
        return points(curve);
    }

    /** A whole series sent: live updates go on from its last step. */
    private void sent(String runId, @Nullable Long from, @Nullable Long to, List<MetricPoint> curve) {
        if (from == null && to == null && !curve.isEmpty()) {
            lastStep.merge(runId, curve.getLast().step(), Math::max);
        }
    }

    static LineChart.Points points(List<MetricPoint> points) {
        long[] x = new long[points.size()];
        @Nullable Double[] y = new Double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).step();
            y[i] = LineChart.finite(points.get(i).value());
        }
        return new LineChart.Points(x, y);
    }
}

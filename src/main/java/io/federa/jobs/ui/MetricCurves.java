package io.federa.jobs.ui;

import io.federa.identity.CurrentUser;
import io.federa.jobs.MetricPoint;
import io.federa.jobs.Runs;
import io.federa.shell.LineChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One metric key of one or more runs as a browser-drawn {@link LineChart}, read through {@link Runs}
 * (so only runs the user may see), thinned on the server to the chart's width, and kept live by
 * {@link #catchUp()}: each run's points after the last step already sent, and only those, are
 * appended. Docs: docs/adr/0017-browser-charts-and-script-editor.md.
 */
final class MetricCurves {

    /** The most points one read takes from the store (the longest series a chart shows in full). */
    static final int READ_LIMIT = 200_000;

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

    LineChart chart() {
        return chart;
    }

    String key() {
        return key;
    }

    /** Appends to every series the points its run reported after the last one sent. */
    void catchUp() {
        for (LineChart.Series s : chart.getSeries()) {
            long after = lastStep.getOrDefault(s.id(), Long.MIN_VALUE);
            List<MetricPoint> fresh = runs.metrics(me, s.id(), key, READ_LIMIT).stream()
                    .filter(p -> p.step() > after)
                    .toList();
            if (!fresh.isEmpty()) {
                lastStep.put(s.id(), fresh.getLast().step());
                chart.append(s.id(), points(fresh));
            }
        }
    }

    private LineChart.Points read(String runId, @Nullable Long from, @Nullable Long to, int maxPoints) {
        List<MetricPoint> all = runs.metrics(me, runId, key, READ_LIMIT);
        if (from == null && to == null) {
            if (!all.isEmpty()) {
                lastStep.merge(runId, all.getLast().step(), Math::max);
            }
            return points(thin(all, maxPoints));
        }
        long lo = from == null ? Long.MIN_VALUE : from;
        long hi = to == null ? Long.MAX_VALUE : to;
        return points(thin(
                all.stream().filter(p -> p.step() >= lo && p.step() <= hi).toList(), maxPoints));
    }

    /** At most about {@code max} points: each bucket keeps its lowest and highest value, in step order. */
    static List<MetricPoint> thin(List<MetricPoint> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        int buckets = Math.max(1, max / 2);
        double size = (double) points.size() / buckets;
        List<MetricPoint> out = new ArrayList<>(max + 2);
        for (int b = 0; b < buckets; b++) {
            int from = (int) Math.floor(b * size);
            int to = Math.min(points.size(), (int) Math.floor((b + 1) * size));
            if (from >= to) {
                continue;
            }
            MetricPoint lo = points.get(from);
            MetricPoint hi = points.get(from);
            for (int i = from; i < to; i++) {
                MetricPoint p = points.get(i);
                if (p.value() < lo.value()) {
                    lo = p;
                }
                if (p.value() > hi.value()) {
                    hi = p;
                }
            }
            if (lo == hi) {
                out.add(lo);
            } else if (lo.step() <= hi.step()) {
                out.add(lo);
                out.add(hi);
            } else {
                out.add(hi);
                out.add(lo);
            }
        }
        MetricPoint last = points.getLast();
        if (out.getLast() != last) {
            out.add(last);
        }
        return out;
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

package io.federa.jobs.ui;

import io.federa.jobs.MetricPoint;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A metric's curve(s) over steps, drawn on the server by JFreeChart into JFreeSVG: one series per
 * run (a run page has one, a comparison several). Pages read each series as a curve of at most
 * {@link #MAX_POINTS} points ({@code Runs.metricCurves}); a longer list is still thinned here, keeping
 * each bucket's lowest and highest value so spikes stay visible. Text in the SVG
 * (metric keys, run names come from jobs) is escaped by JFreeSVG; the title by us.
 */
final class MetricChart {

    static final int WIDTH = 560;
    static final int HEIGHT = 280;
    static final int MAX_POINTS = 600;

    private MetricChart() {}

    /**
     * @param series series name (a run) → that run's points of this metric, in step order
     */
    static String svg(String id, String key, Map<String, List<MetricPoint>> series) {
        var data = new XYSeriesCollection();
        for (var e : series.entrySet()) {
            var s = new XYSeries(e.getKey(), true, true);
            for (MetricPoint p : thin(e.getValue(), MAX_POINTS)) {
                s.addOrUpdate(p.step(), p.value());
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                key, "step", key, data, PlotOrientation.VERTICAL, series.size() > 1, false, false);
        SvgCharts.style(chart, 14);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainGridlinePaint(SvgCharts.GRID);
        plot.setRangeGridlinePaint(SvgCharts.GRID);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        var renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, SvgCharts.colour(i, 8));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // a single point draws no line: show it as a dot
            if (data.getSeries(i).getItemCount() == 1) {
                renderer.setSeriesShapesVisible(i, true);
            }
        }
        plot.setRenderer(renderer);
        return SvgCharts.svg(chart, id, WIDTH, HEIGHT, key + " by step", "metric-chart-svg");
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

    /** Points grouped by key, keys in order of first appearance (the store orders by key, step). */
    static Map<String, List<MetricPoint>> byKey(List<MetricPoint> points) {
        Map<String, List<MetricPoint>> byKey = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        return byKey;
    }
}

package io.federa.jobs.ui;

import io.federa.jobs.MetricPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
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
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.springframework.web.util.HtmlUtils;

/**
 * A metric's curve(s) over steps, drawn on the server by JFreeChart into JFreeSVG: one series per
 * run (a run page has one, a comparison several). Long series are thinned to {@link #MAX_POINTS}
 * points, keeping each bucket's lowest and highest value so spikes stay visible. Text in the SVG
 * (metric keys, run names come from jobs) is escaped by JFreeSVG; the title by us.
 */
final class MetricChart {

    static final int WIDTH = 560;
    static final int HEIGHT = 280;
    static final int MAX_POINTS = 600;

    private static final Color[] PALETTE = {
        new Color(0x1676F3),
        new Color(0xE8590C),
        new Color(0x2F9E44),
        new Color(0x9C36B5),
        new Color(0xC92A2A),
        new Color(0x0B7285),
        new Color(0x5F3DC4),
        new Color(0x868E96)
    };

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
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(false);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        var renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // a single point draws no line: show it as a dot
            if (data.getSeries(i).getItemCount() == 1) {
                renderer.setSeriesShapesVisible(i, true);
            }
        }
        plot.setRenderer(renderer);
        var g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g2, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        String svg = g2.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
        return accessible(svg, id, key + " by step");
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

    /** Adds role="img", a title element and aria-labelledby to the SVG's root element. */
    static String accessible(String svg, String id, String title) {
        int open = svg.indexOf("<svg");
        int end = svg.indexOf('>', open);
        if (open < 0 || end < 0) {
            throw new IllegalStateException("not an SVG element");
        }
        String titleId = id + "-title";
        return svg.substring(0, end) + " role=\"img\" aria-labelledby=\"" + titleId + "\" class=\"metric-chart-svg\">"
                + "<title id=\"" + titleId + "\">" + HtmlUtils.htmlEscape(title) + "</title>"
                + svg.substring(end + 1);
    }
}

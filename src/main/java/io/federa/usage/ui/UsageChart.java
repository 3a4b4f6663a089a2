package io.federa.usage.ui;

import io.federa.quota.UsageTotal;
import java.awt.Font;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One usage chart, drawn on the server by JFreeChart into JFreeSVG's SVG graphics: a stacked bar per
 * period, one colour per cluster. The SVG carries a {@code <title>} and {@code role="img"} so screen
 * readers announce what it shows; the table below the charts has the same numbers.
 */
final class UsageChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 320;

    private UsageChart() {}

    /**
     * @param periods every period of the range, in order, with their axis labels (empty ones too, so
     *     the axis shows the whole range)
     */
    static String svg(
            String id,
            String title,
            String axisLabel,
            String valueLabel,
            List<String> periods,
            List<String> clusters,
            List<UsageTotal> totals,
            java.util.function.Function<UsageTotal, String> periodOf,
            ToDoubleFunction<UsageTotal> value) {
        var data = new DefaultCategoryDataset();
        for (String cluster : clusters) {
            for (String period : periods) {
                data.addValue(0.0, cluster, period);
            }
        }
        for (UsageTotal t : totals) {
            String period = periodOf.apply(t);
            data.addValue(
                    data.getValue(t.cluster(), period).doubleValue() + value.applyAsDouble(t), t.cluster(), period);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(
                title, axisLabel, valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
        SvgCharts.style(chart, 15);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeGridlinePaint(SvgCharts.GRID);
        CategoryAxis axis = plot.getDomainAxis();
        axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (totals.stream().mapToDouble(value).allMatch(v -> v == 0)) {
            // all zero (e.g. no GPU jobs): a plain 0..1 axis instead of one around zero
            ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        }
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < clusters.size(); i++) {
            renderer.setSeriesPaint(i, SvgCharts.colour(i, 4));
        }
        return SvgCharts.svg(chart, id, WIDTH, HEIGHT, title, "usage-chart-svg");
    }
}

package io.federa.usage.ui;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.springframework.web.util.HtmlUtils;

/**
 * What the server-drawn usage charts ({@link UsageChart}) use: the look (white,
 * no outline, light grid, one palette) and the export of a JFreeChart to an inline SVG element that
 * screen readers announce by its {@code <title>}.
 */
final class SvgCharts {

    static final Color GRID = new Color(0xDDDDDD);

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

    private SvgCharts() {}

    /** The {@code i}th colour of a palette of the first {@code size} colours, repeating after that. */
    static Color colour(int i, int size) {
        return PALETTE[i % Math.min(size, PALETTE.length)];
    }

    /** White background, a bold sans-serif title of {@code titleSize} points, no plot outline. */
    static void style(JFreeChart chart, int titleSize) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
    }

    /** The chart as an {@code <svg id=id>} element of the given size, made accessible (see below). */
    static String svg(JFreeChart chart, String id, int width, int height, String title, String cssClass) {
        var g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        String svg = g2.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
        return accessible(svg, id, title, cssClass);
    }

    /** Adds role="img", a title element, aria-labelledby and a class to the SVG's root element. */
    static String accessible(String svg, String id, String title, String cssClass) {
        int open = svg.indexOf("<svg");
        int end = svg.indexOf('>', open);
        if (open < 0 || end < 0) {
            throw new IllegalStateException("not an SVG element");
        }
        String titleId = id + "-title";
        return svg.substring(0, end) + " role=\"img\" aria-labelledby=\"" + titleId + "\" class=\"" + cssClass + "\">"
                + "<title id=\"" + titleId + "\">" + HtmlUtils.htmlEscape(title) + "</title>"
                + svg.substring(end + 1);
    }
}

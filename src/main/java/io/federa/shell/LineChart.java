package io.federa.shell;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.server.VaadinSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Curves drawn in the browser by uPlot ({@code frontend/components/federa-line-chart.ts}): one chart,
 * one or more series (runs) over one x axis (steps). The server thins each series to about the
 * chart's width in pixels (the browser reports the plot's width, {@link #width()}; before it has, the
 * width this session's browser last reported for a chart, else {@link #DEFAULT_MAX_POINTS}); zooming asks {@link Source} again for the zoomed range, so a zoom shows
 * every point once few enough fall in it; live points go out with {@link #append} and only they are
 * sent. Hover values, a legend per series (colour, dash pattern, name), log scale.
 */
@Tag("federa-line-chart")
@JsModule("./components/federa-line-chart.ts")
@NpmPackage(value = "uplot", version = "1.6.32")
public class LineChart extends Component implements HasSize {

    /**
     * Thinning for a first drawing before this session's browser has told any chart's width: about a
     * chart's width in pixels on a laptop screen.
     */
    public static final int DEFAULT_MAX_POINTS = 600;
    /** The most points per series one answer carries, whatever the browser asks. */
    public static final int MAX_POINTS = 8000;

    /** One curve: a stable id (a run id) and what the legend says. */
    public record Series(String id, String label) {}

    /**
     * Points of one series in x order. {@code y} holds no NaN or infinity (JSON has none): those are
     * null, drawn as gaps.
     */
    public record Points(long[] x, @Nullable Double[] y) {

        public static final Points NONE = new Points(new long[0], new Double[0]);

        public int size() {
            return x.length;
        }

        public long lastX() {
            return x.length == 0 ? Long.MIN_VALUE : x[x.length - 1];
        }
    }

    /**
     * Reads one series' points with {@code from <= x <= to} (null: unbounded), thinned to about
     * {@code maxPoints}; the view's own access checks apply here.
     */
    @FunctionalInterface
    public interface Source {
        Points read(String seriesId, @Nullable Long from, @Nullable Long to, int maxPoints);
    }

    /**
     * Reads the points of several series at once (one query for all of a comparison's runs), each as
     * {@link Source} would; a series missing from the answer is drawn empty.
     */
    @FunctionalInterface
    public interface BatchSource {
        Map<String, Points> read(List<String> seriesIds, @Nullable Long from, @Nullable Long to, int maxPoints);
    }

    /** What the browser receives per series. */
    record ClientPoints(String id, long[] x, @Nullable Double[] y) {}

    /** The session attribute holding the width (in points) the browser last reported for a chart. */
    private static final String WIDTH_ATTRIBUTE = LineChart.class.getName() + ".width";

    private final BatchSource source;
    private List<Series> series = List.of();
    /** Points per series for a whole-range drawing: the chart's width in device pixels, once reported. */
    private int width = firstWidth();
    /** The width the overview on screen was read for. */
    private int drawnWidth;

    public LineChart(String title, String xLabel, Source source) {
        this(title, xLabel, (BatchSource) (ids, from, to, max) -> {
            Map<String, Points> out = new HashMap<>();
            ids.forEach(id -> out.put(id, source.read(id, from, to, max)));
            return out;
        });
    }

    /** A chart whose series are read together, see {@link BatchSource}. */
    public static LineChart batched(String title, String xLabel, BatchSource source) {
        return new LineChart(title, xLabel, source);
    }

    private LineChart(String title, String xLabel, BatchSource source) {
        this.source = source;
        getElement().setProperty("title", title);
        getElement().setAttribute("x-label", xLabel);
        getElement()
                .addEventListener("range-requested", e -> {
                    var detail = e.getEventData();
                    int seq = detail.get("event.detail.seq").asInt();
                    long from = detail.get("event.detail.from").asLong();
                    long to = detail.get("event.detail.to").asLong();
                    int width = detail.get("event.detail.width").asInt();
                    if (to < from) {
                        return;
                    }
                    getElement().callJsFunction("setRange", seq, from, to, read(from, to, width));
                })
                .addEventData("event.detail.seq")
                .addEventData("event.detail.from")
                .addEventData("event.detail.to")
                .addEventData("event.detail.width");
        // the browser reports the plot's width in device pixels when it first draws and when it is resized
        getElement()
                .addEventListener(
                        "width-changed",
                        e -> widthReported(
                                e.getEventData().get("event.detail.width").asInt()))
                .addEventData("event.detail.width");
    }

    /**
     * Points per series for a first drawing: the width the browser of the current session last
     * reported for a chart, else {@link #DEFAULT_MAX_POINTS}.
     */
    public static int firstWidth() {
        VaadinSession session = VaadinSession.getCurrent();
        Object width = session == null ? null : session.getAttribute(WIDTH_ATTRIBUTE);
        return width instanceof Integer w ? w : DEFAULT_MAX_POINTS;
    }

    /** Points per series a whole-range drawing of this chart reads. */
    public int width() {
        return width;
    }

    private void widthReported(int reported) {
        width = Math.clamp(reported, 50, MAX_POINTS);
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.setAttribute(WIDTH_ATTRIBUTE, width);
        }
        if (!series.isEmpty() && width > drawnWidth * 5 / 4) {
            // wider than the points on screen can fill: read again for the real width (a zoom stays)
            drawnWidth = width;
            getElement().callJsFunction("setOverview", read(null, null, width), true);
        }
    }

    /** Sets the curves and draws each one's whole range. */
    public void setSeries(List<Series> series) {
        this.series = List.copyOf(series);
        getElement().setPropertyList("series", this.series);
        reload();
    }

    /**
     * Sets the curves and draws each one's whole range from points already read at {@link #width()}
     * (a page reading the first drawing of all its charts at once); later drawings read from the source.
     */
    public void setSeries(List<Series> series, Map<String, Points> firstDrawing) {
        this.series = List.copyOf(series);
        getElement().setPropertyList("series", this.series);
        drawnWidth = width;
        getElement().callJsFunction("setOverview", clientPoints(firstDrawing));
    }

    public List<Series> getSeries() {
        return series;
    }

    /** Reads and draws every series' whole range again (the zoom is reset). */
    public void reload() {
        drawnWidth = width;
        getElement().callJsFunction("setOverview", read(null, null, width));
    }

    /** Adds points that come after every point already sent for that series; only these are sent. */
    public void append(String seriesId, Points points) {
        if (points.size() > 0) {
            getElement().callJsFunction("appendPoints", seriesId, points.x(), points.y());
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (!event.isInitialAttach()) {
            reload();
        }
    }

    private List<ClientPoints> read(@Nullable Long from, @Nullable Long to, int width) {
        int max = Math.clamp(width, 50, MAX_POINTS);
        return clientPoints(source.read(series.stream().map(Series::id).toList(), from, to, max));
    }

    private List<ClientPoints> clientPoints(Map<String, Points> points) {
        List<ClientPoints> out = new ArrayList<>(series.size());
        for (Series s : series) {
            Points p = points.getOrDefault(s.id(), Points.NONE);
            out.add(new ClientPoints(s.id(), p.x(), p.y()));
        }
        return out;
    }

    /** A value JSON can carry: NaN and infinities become null (a gap). */
    public static @Nullable Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

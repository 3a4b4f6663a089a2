package io.federa.runs.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.identity.CurrentUser;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.Runs;
import io.federa.shell.LineChart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run page's metric charts: one browser-drawn chart per metric key, by step. While metrics stream in
 * the charts get new points at most every {@link #REFRESH} (the redraw a little later goes through
 * {@link Later}, on the managed scheduler), and always once after the last batch.
 */
final class RunCharts extends Div {

    /** Charts get new points at most this often while metrics stream in. */
    static final Duration REFRESH = Duration.ofSeconds(2);

    private final Runs runs;
    private final Later later;
    private final Clock clock;
    private final Map<String, MetricCurves> curves = new LinkedHashMap<>();
    private @Nullable CurrentUser me;
    private @Nullable Run run;
    private Instant drawn = Instant.EPOCH;
    private boolean due;

    RunCharts(Runs runs, Later later, Clock clock) {
        this.runs = runs;
        this.later = later;
        this.clock = clock;
        setId("run-charts");
        addClassName("metric-charts");
    }

    /** Draws the charts of this run afresh. */
    void draw(CurrentUser me, Run run) {
        this.me = me;
        this.run = run;
        removeAll();
        curves.clear();
        drawn = clock.instant();
        addNewMetrics();
    }

    /** Throttled: at most one redraw per {@link #REFRESH}, and always one after the last batch. */
    void metricsArrived(UI ui) {
        if (due) {
            return;
        }
        Duration since = Duration.between(drawn, clock.instant());
        if (since.compareTo(REFRESH) >= 0) {
            update();
            return;
        }
        due = true;
        later.run(
                REFRESH.minus(since),
                () -> ui.access(() -> {
                    due = false;
                    update();
                }));
    }

    /** Sends each chart only the points reported since the last update, and adds charts for new keys. */
    private void update() {
        drawn = clock.instant();
        curves.values().forEach(MetricCurves::catchUp);
        addNewMetrics();
    }

    private void addNewMetrics() {
        Run r = run;
        CurrentUser who = me;
        if (r == null || who == null) {
            return;
        }
        for (MetricPoint last : runs.lastMetrics(who, r.id())) {
            if (!curves.containsKey(last.key())) {
                var curve = new MetricCurves(runs, who, last.key(), List.of(new LineChart.Series(r.id(), r.id())));
                curve.chart().setId("metric-" + curves.size());
                curves.put(last.key(), curve);
            }
        }
        if (curves.isEmpty()) {
            if (getComponentCount() == 0) {
                add(new Paragraph("No metrics yet."));
            }
            return;
        }
        getChildren().filter(c -> !(c instanceof LineChart)).toList().forEach(this::remove);
        curves.values().stream()
                .map(MetricCurves::chart)
                .filter(c -> c.getParent().isEmpty())
                .forEach(this::add);
    }
}

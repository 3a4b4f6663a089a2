package io.federa.runs.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunComparison;
import io.federa.runs.RunComparisons;
import io.federa.runs.Runs;
import io.federa.shell.LineChart;
import jakarta.annotation.security.PermitAll;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * 2–{@value RunsView#MAX_COMPARE} runs side by side ({@code runs/compare?ids=a,b,c}): params (rows
 * whose values differ are marked), the last value of each metric, and one chart per metric with one
 * curve per run, each read for every run at once ({@link RunComparisons}: the runs, params, final
 * values in one query each, the first drawing of every chart in one, thinned in SQL to the charts'
 * width; a zoom reads its chart's runs in one). If any id is not a run the user may see, nothing is shown of any of them (a page
 * load answers 404, {@code runs.web.RunPageGuard}), so the page cannot be used to probe ids.
 */
@Route("runs/compare")
@PageTitle("Compare runs · Federa")
@PermitAll
class CompareView extends VerticalLayout implements BeforeEnterObserver {

    private final Runs runs;
    private final RunComparisons comparisons;
    private final CurrentUsers currentUsers;

    CompareView(Runs runs, RunComparisons comparisons, CurrentUsers currentUsers) {
        this.runs = runs;
        this.comparisons = comparisons;
        this.currentUsers = currentUsers;
        addClassName("federa-page");
        setId("compare");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        CurrentUser me = currentUsers.require();
        List<String> ids = RunsView.parseIds(event.getLocation()
                .getQueryParameters()
                .getSingleParameter("ids")
                .orElse(null));
        add(new H2("Compare runs"));
        if (ids.size() < 2 || ids.size() > RunsView.MAX_COMPARE) {
            add(new Paragraph("Pick 2 to " + RunsView.MAX_COMPARE + " runs to compare: tick them in the list of runs "
                    + "and press Compare (this page was given " + ids.size() + ")."));
            add(new Anchor("runs", "All runs"));
            return;
        }
        Optional<RunComparison> comparison = comparisons.compare(me, ids);
        if (comparison.isEmpty()) {
            removeAll();
            add(new H2("No such run"));
            add(new Paragraph("At least one of these is not a run that you may see, so nothing is compared."));
            add(new Anchor("runs", "All runs"));
            return;
        }
        List<Run> found = comparison.get().runs();
        add(new Paragraph("Params side by side (rows whose values differ are marked), the last reported value of "
                + "each metric, and each metric's curves overlaid, one colour and line pattern per run (drag across a "
                + "chart to zoom in, double-click to zoom out)."));

        List<String> header = new ArrayList<>(List.of(""));
        found.forEach(r -> header.add(name(r)));
        add(new H3("Runs"));
        Element facts = KeyValueTable.table("compare-runs", header);
        facts.appendChild(row("State", found.stream().map(r -> r.state().name()).toList()));
        facts.appendChild(row("Cluster", found.stream().map(Run::cluster).toList()));
        facts.appendChild(row("Submitted by", found.stream().map(Run::owner).toList()));
        facts.appendChild(row(
                "Git commit",
                found.stream()
                        .map(r -> r.gitCommit() == null ? "" : r.gitCommit())
                        .toList()));
        add(box(facts));

        add(new H3("Params"));
        Element params = KeyValueTable.table("compare-params", header);
        var keys = new TreeSet<String>();
        found.forEach(r -> keys.addAll(r.params().keySet()));
        for (String key : keys) {
            params.appendChild(marked(row(
                    key,
                    found.stream().map(r -> r.params().getOrDefault(key, "–")).toList())));
        }
        add(keys.isEmpty() ? new Paragraph("None of these runs has params.") : box(params));

        add(new H3("Final metrics"));
        Element finals = KeyValueTable.table("compare-metrics", header);
        Map<String, Map<String, MetricPoint>> last = comparison.get().finals();
        var metricKeys = comparison.get().keys();
        for (String key : metricKeys) {
            finals.appendChild(marked(row(
                    key,
                    found.stream()
                            .map(r -> Optional.ofNullable(
                                            last.getOrDefault(r.id(), Map.of()).get(key))
                                    .map(p -> format(p.value()) + " (step " + p.step() + ")")
                                    .orElse("–"))
                            .toList())));
        }
        add(metricKeys.isEmpty() ? new Paragraph("None of these runs reported metrics.") : box(finals));

        add(new H3("Curves"));
        var charts = new Div();
        charts.setId("compare-charts");
        charts.addClassName("metric-charts");
        List<LineChart.Series> series =
                found.stream().map(r -> new LineChart.Series(r.id(), name(r))).toList();
        // the first drawing of every chart in one query, thinned to the width charts were last drawn at
        Map<String, Map<String, List<MetricPoint>>> curves =
                comparisons.curves(me, ids, metricKeys, null, null, LineChart.firstWidth());
        int i = 0;
        for (String key : metricKeys) {
            var curve = new MetricCurves(runs, comparisons, me, key, series, curves.getOrDefault(key, Map.of()));
            curve.chart().setId("compare-metric-" + i++);
            charts.add(curve.chart());
        }
        add(charts);
        add(new Anchor("runs", "All runs"));
    }

    /** A run's column name: its id, and its job name where that says more. */
    private static String name(Run r) {
        return r.resources().jobName().equals("run") ? r.id() : r.resources().jobName() + " " + r.id();
    }

    private static Element row(String key, List<String> values) {
        List<String> cells = new ArrayList<>();
        cells.add(key);
        cells.addAll(values);
        return KeyValueTable.row("td", cells);
    }

    private static Element marked(Element row) {
        var values = new TreeSet<String>();
        for (int i = 1; i < row.getChildCount(); i++) {
            values.add(row.getChild(i).getText());
        }
        if (values.size() > 1) {
            row.getClassList().add("differs");
            row.setAttribute("title", "The runs differ here.");
        }
        return row;
    }

    private static Div box(Element table) {
        var box = new Div();
        box.addClassName("kv-box");
        box.getElement().appendChild(table);
        return box;
    }

    /** Six significant digits, no trailing zeros: 0.02, 0.5, 1234.57, 1.5E-7. */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
    }
}

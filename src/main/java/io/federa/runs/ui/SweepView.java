package io.federa.runs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.RunReported;
import io.federa.runs.RunStateChanged;
import io.federa.runs.Runs;
import io.federa.runs.Sweep;
import io.federa.runs.SweepBest;
import io.federa.runs.SweepChanged;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepTrialRun;
import io.federa.runs.Sweeps;
import io.federa.shared.LiveUpdates;
import io.federa.shell.LineChart;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One sweep: its trials (parameters, state, objective value) and the best trial. Live: trials that
 * move or report refresh the page. A sweep the user may not see looks exactly like none.
 */
@Route("sweeps/:id")
@PageTitle("Sweep · Federa")
@PermitAll
class SweepView extends VerticalLayout implements BeforeEnterObserver {

    /** The most trials whose curves the chart overlays (the first by trial number). */
    static final int MAX_CURVES = 20;

    private final Sweeps sweeps;
    private final Runs runs;
    private final CurrentUsers currentUsers;
    private final LiveUpdates liveUpdates;
    private final Grid<SweepTrialRun> grid = new Grid<>();
    private final Div summary = new Div();
    private final Div bestBox = new Div();
    private final Div curves = new Div();
    private @Nullable MetricCurves objective;
    private @Nullable String sweepId;
    private @Nullable CurrentUser user;
    private Set<String> trialRunIds = Set.of();
    private @Nullable Integer bestIndex;
    private final List<LiveUpdates.Following> subscriptions = new ArrayList<>();

    SweepView(Sweeps sweeps, Runs runs, CurrentUsers currentUsers, LiveUpdates liveUpdates) {
        this.sweeps = sweeps;
        this.runs = runs;
        this.currentUsers = currentUsers;
        this.liveUpdates = liveUpdates;
        addClassName("federa-page");
        setId("sweep");
        summary.addClassName("federa-card");
        summary.setId("sweep-summary");
        bestBox.addClassName("federa-card");
        bestBox.setId("sweep-best");
        curves.setId("sweep-curves");
        curves.addClassName("metric-charts");
        grid.setId("sweep-trials");
        grid.addColumn(SweepTrialRun::index)
                .setHeader("Trial")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(t -> params(t.params())).setHeader("Parameters").setFlexGrow(2);
        grid.addColumn(t -> t.state() + (t.stateReason().isBlank() ? "" : " · " + t.stateReason()))
                .setHeader("State")
                .setFlexGrow(2);
        grid.addColumn(t -> t.objectiveValue() == null ? "–" : number(t.objectiveValue()))
                .setHeader("Objective")
                .setAutoWidth(true);
        grid.addComponentColumn(t -> new Anchor("runs/" + t.runId(), t.runId()))
                .setHeader("Run")
                .setAutoWidth(true);
        grid.setPartNameGenerator(t -> bestIndex != null && t.index() == bestIndex ? "best-trial" : null);
        grid.setAllRowsVisible(true);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        user = currentUsers.require();
        sweepId = event.getRouteParameters().get("id").orElse("");
        Optional<Sweep> sweep = sweeps.find(user, sweepId);
        if (sweep.isEmpty()) {
            sweepId = null;
            add(new H2("No such sweep"));
            add(new Paragraph("There is no sweep with that id that you may see."));
            add(new Anchor("sweeps/new", "New sweep"));
            return;
        }
        Sweep s = sweep.get();
        add(new H2("Sweep " + s.id() + " · " + s.jobName()));
        add(new Paragraph("A sweep runs one script once per point of a parameter space, as one Slurm job array: "
                + "each trial is a run of its own with its parameters in FEDERA_PARAM_<NAME>. The best trial is the "
                + "one with the " + (s.goal() == SweepObjective.Goal.MINIMIZE ? "lowest" : "highest")
                + " final value of \"" + s.objectiveMetric() + "\"."));
        var curvesHelp = new Paragraph("The objective metric of each trial by step (at most " + MAX_CURVES
                + " trials, the first by number), updated as trials report. Drag across the chart to zoom in.");
        curvesHelp.addClassName("section-help");
        add(summary, new H3("Best trial"), bestBox, new H3("Curves"), curvesHelp, curves, new H3("Trials"), grid);
        objective = null;
        curves.removeAll();
        refresh();
    }

    private void refresh() {
        if (sweepId == null || user == null) {
            return;
        }
        Optional<Sweep> sweep = sweeps.find(user, sweepId);
        if (sweep.isEmpty()) {
            return;
        }
        Sweep s = sweep.get();
        List<SweepTrialRun> trials = sweeps.trials(user, sweepId);
        trialRunIds = trials.stream().map(SweepTrialRun::runId).collect(Collectors.toSet());
        Optional<SweepBest> best = sweeps.best(user, sweepId);
        bestIndex = best.map(b -> b.trial().index()).orElse(null);

        summary.removeAll();
        summary.add(line("State", s.state() + (s.stateReason().isBlank() ? "" : " · " + s.stateReason())));
        summary.add(line("Team", s.team()));
        summary.add(line("Cluster", s.cluster() + (s.arrayJobId() == null ? "" : ", job array " + s.arrayJobId())));
        summary.add(line(
                "Search", s.strategy() + ", " + s.trialCount() + " trials, at most " + s.maxConcurrent() + " at once"));
        summary.add(line("Space", s.space().strip().replace("\n", "; ")));
        summary.add(line(
                "Objective",
                s.objectiveMetric() + " (" + (s.goal() == SweepObjective.Goal.MINIMIZE ? "min" : "max") + ")"));
        long done = trials.stream().filter(t -> t.state().isFinal()).count();
        summary.add(line("Trials ended", done + " of " + trials.size()));

        bestBox.removeAll();
        if (best.isEmpty()) {
            bestBox.add(new Span("No trial has reported \"" + s.objectiveMetric() + "\" yet."));
        } else {
            SweepBest b = best.get();
            bestBox.add(line("Trial", String.valueOf(b.trial().index())));
            bestBox.add(line(s.objectiveMetric(), number(b.value())));
            bestBox.add(line("Parameters", params(b.trial().params())));
            var link = new Anchor(
                    "runs/" + b.trial().runId(), "Open its run " + b.trial().runId());
            bestBox.add(new Div(link));
            if (!b.tiedTrials().isEmpty()) {
                bestBox.add(line("Tied with trials", b.tiedTrials().toString()));
            }
        }
        grid.setItems(trials);
        showCurves(s, trials);
    }

    /** One chart of the objective metric, a curve per trial; live points are appended, not redrawn. */
    private void showCurves(Sweep s, List<SweepTrialRun> trials) {
        if (user == null) {
            return;
        }
        List<LineChart.Series> series = trials.stream()
                .limit(MAX_CURVES)
                .map(t -> new LineChart.Series(t.runId(), "trial " + t.index()))
                .toList();
        if (objective != null && objective.chart().getSeries().equals(series)) {
            objective.catchUp();
            return;
        }
        curves.removeAll();
        objective = new MetricCurves(runs, user, s.objectiveMetric(), series);
        objective.chart().setId("sweep-objective-chart");
        curves.add(objective.chart());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        subscriptions.add(liveUpdates.subscribe(RunStateChanged.class, e -> {
            if (trialRunIds.contains(e.runId())) {
                ui.access(this::refresh);
            }
        }));
        subscriptions.add(liveUpdates.subscribe(RunReported.class, e -> {
            if (trialRunIds.contains(e.runId())) {
                ui.access(this::refresh);
            }
        }));
        subscriptions.add(liveUpdates.subscribe(SweepChanged.class, e -> {
            if (e.sweepId().equals(sweepId)) {
                ui.access(this::refresh);
            }
        }));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        subscriptions.forEach(LiveUpdates.Following::close);
        subscriptions.clear();
    }

    static String params(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static Div line(String label, String value) {
        var l = new Span(label + ": ");
        l.addClassName("label");
        return new Div(l, new Span(value));
    }
}

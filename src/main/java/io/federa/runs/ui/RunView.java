package io.federa.runs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.QueuePosition;
import io.federa.runs.Run;
import io.federa.runs.RunReported;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChange;
import io.federa.runs.RunStateChanged;
import io.federa.runs.Runs;
import io.federa.shared.LiveUpdates;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.Badges;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One run: live state (pending reason in words, queue position), history, live log tail, metric charts,
 * params and tags, lineage, cancel and "re-run with edits". Everything is read from the database
 * through {@link Runs} (scoped to the user's teams) and refreshed by push: state changes
 * ({@link RunStateChanged}), reports of the job ({@link RunReported}) and mirror polls of the run's
 * cluster while it is open ({@link JobsMirrored}: the pending reason and queue position move without
 * a state change). A run the user may not see looks exactly like one that does not exist; a page
 * load of it answers 404 ({@code runs.web.RunPageGuard}). Decisions: docs/adr/0014-run-pages-queue-position-charts-404.md.
 */
@Route(RunView.ROUTE)
@PageTitle("Run · Federa")
@PermitAll
class RunView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "runs/:id(r-[a-z2-7]{12})";

    private final Runs runs;
    private final CurrentUsers currentUsers;
    private final LiveUpdates liveUpdates;

    private final Span state = new Span();
    private final Span reason = new Span();
    private final Span queue = new Span();
    private final Button cancel = new Button("Cancel run");
    private final Button rerun = new Button("Re-run with edits");
    private final Div history = new Div();
    private final RunCharts charts;
    private final RunLog log;
    private final Div params = new Div();
    private final Div tags = new Div();
    private final RunArtifacts artifacts;
    private final ObjectProvider<RunPageSection> pageSections;
    private final Div facts = new Div();

    private @Nullable CurrentUser me;
    private @Nullable Run run;
    private final List<LiveUpdates.Following> subscriptions = new ArrayList<>();

    RunView(
            Runs runs,
            CurrentUsers currentUsers,
            LiveUpdates liveUpdates,
            Later later,
            Clock clock,
            ObjectProvider<RunPageSection> pageSections) {
        this.pageSections = pageSections;
        this.runs = runs;
        this.currentUsers = currentUsers;
        this.liveUpdates = liveUpdates;
        this.charts = new RunCharts(runs, later, clock);
        this.log = new RunLog(runs);
        this.artifacts = new RunArtifacts(runs);
        addClassName("federa-page");
        setId("run");
        state.setId("run-state");
        reason.setId("run-reason");
        queue.setId("run-queue");
        cancel.setId("run-cancel");
        rerun.setId("run-rerun");
        history.setId("run-history");
        params.setId("run-params");
        tags.setId("run-tags");
        facts.setId("run-facts");
        facts.addClassName("federa-card");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.addClickListener(e -> confirmCancel());
        rerun.addClickListener(e -> {
            if (run != null) {
                UI.getCurrent().navigate("runs/new", QueryParameters.of("from", run.id()));
            }
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        me = currentUsers.require();
        String id = event.getRouteParameters().get("id").orElse("");
        Optional<Run> found = runs.find(me, id);
        if (found.isEmpty()) {
            run = null;
            add(new H2("No such run"));
            add(new Paragraph("There is no run with that id that you may see."));
            add(new Anchor("runs", "All runs"));
            return;
        }
        run = found.get();
        add(new H2(run.resources().jobName() + " · " + run.id()));
        add(new Paragraph("A run on HPC. Its state follows the Slurm job live; logs, metrics, params and files "
                + "appear here as the job reports them (no reload needed). Times are UTC."));
        var status = new Div();
        status.addClassName("federa-card");
        status.setId("run-status");
        var stateLine = new Div(RunFacts.label("State"), state, reason);
        reason.addClassName("run-reason");
        queue.addClassName("run-queue");
        var buttons = new HorizontalLayout(cancel, rerun);
        buttons.addClassName("run-actions");
        status.add(stateLine, queue, buttons);
        add(status);
        add(facts);
        add(section("Log", "The last " + RunLog.TAIL + " lines the job reported; new lines are added as they arrive."));
        add(log);
        add(section(
                "Metrics",
                "One chart per metric, by step; new values are added as they arrive. Drag across a chart to zoom "
                        + "in (it then shows every point of that range), double-click to zoom out."));
        add(charts);
        add(section("Params and tags", "Params are the run's inputs: submitted with it or reported by the job."));
        add(params, tags);
        add(section("Outputs", "Files the job uploaded."));
        add(artifacts);
        pageSections.orderedStream().forEach(section -> add(section.render(me, run)));
        add(section("Lineage", "What ran, where, and what the portal changed in the request."));
        add(RunFacts.lineage(run));
        add(section("State history", ""));
        add(history);
        add(new Anchor("runs", "All runs"));

        showStatus();
        showParams();
        artifacts.show(me, run);
        log.showTail(me, run);
        charts.draw(me, run);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        subscriptions.add(liveUpdates.subscribe(RunStateChanged.class, e -> {
            if (isMine(e.runId())) {
                ui.access(this::refreshRun);
            }
        }));
        subscriptions.add(liveUpdates.subscribe(RunReported.class, e -> {
            if (isMine(e.runId())) {
                ui.access(() -> reported(ui, e.what()));
            }
        }));
        subscriptions.add(liveUpdates.subscribe(JobsMirrored.class, e -> {
            Run r = run;
            if (r != null && !r.state().isFinal() && r.cluster().equals(e.cluster())) {
                ui.access(this::refreshRun);
            }
        }));
        // what the job reported between the page's first read and these subscriptions (a short job's
        // last log line and its end) would otherwise never show
        appendLogs();
        charts.metricsArrived(ui);
        refreshRun();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        subscriptions.forEach(LiveUpdates.Following::close);
        subscriptions.clear();
    }

    private boolean isMine(String runId) {
        Run r = run;
        return r != null && r.id().equals(runId);
    }

    private void reported(UI ui, String what) {
        switch (what) {
            case "logs" -> appendLogs();
            case "metrics" -> charts.metricsArrived(ui);
            case "params", "tags" -> refreshRun();
            case "artifacts" -> showArtifacts();
            default -> refreshRun();
        }
    }

    private void refreshRun() {
        Run r = run;
        if (r == null || me == null) {
            return;
        }
        runs.find(me, r.id()).ifPresent(fresh -> {
            run = fresh;
            showStatus();
            showParams();
        });
    }

    private void showStatus() {
        Run r = run;
        if (r == null || me == null) {
            return;
        }
        state.setText(r.state().name());
        state.getElement().setAttribute("data-state", r.state().name());
        state.setClassName("state-badge state-" + r.state().name().toLowerCase(Locale.ROOT));
        reason.setText(r.stateReason().isBlank() ? "" : " " + r.stateReason());
        Optional<QueuePosition> position =
                r.state() == RunState.PENDING ? runs.queuePosition(me, r.id()) : Optional.empty();
        queue.setText(position.map(p -> "Queue position " + p.position() + " of " + p.pending()
                        + " pending jobs in partition " + p.partition() + " on " + p.cluster()
                        + " (by submit time; Slurm may start jobs with a higher priority or that fit a gap first).")
                .orElse(""));
        queue.setVisible(position.isPresent());
        boolean mayCancel = runs.mayCancel(me, r);
        cancel.setEnabled(mayCancel && !r.state().isFinal() && r.slurmJobId() != null);
        cancel.getElement()
                .setAttribute(
                        "title",
                        !mayCancel
                                ? "Only " + r.owner() + ", who submitted it, or a portal admin can cancel this run."
                                : r.state().isFinal()
                                        ? "The run has ended."
                                        : r.slurmJobId() == null
                                                ? "The run has no Slurm job yet."
                                                : "Ask Slurm to cancel the job.");
        RunFacts.facts(facts, r);
        history.removeAll();
        for (RunStateChange c : runs.history(me, r.id())) {
            var line = new Div(
                    new Span(Badges.time(c.at()) + " "),
                    badge(c.state()),
                    new Span(c.reason().isBlank() ? "" : " " + c.reason()));
            line.addClassName("run-history-step");
            history.add(line);
        }
    }

    private void showParams() {
        Run r = run;
        if (r == null) {
            return;
        }
        params.removeAll();
        params.add(KeyValueTable.of("Param", r.params()));
        tags.removeAll();
        if (!r.tags().isEmpty()) {
            tags.add(KeyValueTable.of("Tag", r.tags()));
        }
    }

    private void showArtifacts() {
        Run r = run;
        if (r != null && me != null) {
            artifacts.show(me, r);
        }
    }

    /** Adds the lines reported after the last one shown. */
    private void appendLogs() {
        Run r = run;
        if (r != null && me != null) {
            log.append(me, r);
        }
    }

    private void confirmCancel() {
        Run r = run;
        if (r == null || me == null) {
            return;
        }
        var dialog = new ConfirmDialog();
        dialog.setId("run-cancel-confirm");
        dialog.setHeader("Cancel run " + r.id() + "?");
        dialog.setText("Slurm stops job " + r.slurmJobId() + " on " + r.cluster()
                + ". What it reported so far stays here. This cannot be undone.");
        dialog.setCancelable(true);
        dialog.setCancelText("Keep running");
        dialog.setConfirmText("Cancel run");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> {
            try {
                runs.cancel(me, r.id());
                Notification.show("Cancel sent to " + r.cluster() + "; the state changes when Slurm confirms.");
            } catch (UserFacingException ex) {
                var n = Notification.show(ex.userMessage(), 8000, Notification.Position.TOP_CENTER);
                n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            refreshRun();
        });
        dialog.open();
    }

    private static Div section(String title, String help) {
        var box = new Div(new H3(title));
        box.addClassName("run-section");
        if (!help.isBlank()) {
            var p = new Paragraph(help);
            p.addClassName("section-help");
            box.add(p);
        }
        return box;
    }

    static Span badge(RunState s) {
        var b = new Span(s.name());
        b.addClassNames("state-badge", "state-" + s.name().toLowerCase(Locale.ROOT));
        return b;
    }
}

package io.federa.runs.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.ViewWork;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.submission.RunResources;
import io.federa.submission.SubmissionProperties;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submit a run: the person's own script (its {@code #SBATCH} lines shown) or a template (a form
 * generated from its typed parameters), on one cluster or any eligible one (the routing decision and
 * the team's quota shown before submitting). Only the person's own teams are offered; the service
 * checks again. Every check reads the database and the registry only; only "Submit" reaches Slurm,
 * on the managed executor ({@link ViewWork}). The fields are {@link SubmitRunForm}'s, the routing
 * {@link RoutingPanel}'s.
 */
@Route("runs/new")
@PageTitle("Submit a run · Federa")
@Menu(title = "Submit a run", order = 25, icon = "vaadin:rocket")
@PermitAll
class SubmitRunView extends VerticalLayout implements BeforeEnterObserver {

    private static final Logger log = LoggerFactory.getLogger(SubmitRunView.class);

    private final Runs runs;
    private final RunTemplates templates;
    private final CurrentUser me;
    private final ViewWork work;

    private final SubmitRunForm form;
    private final RoutingPanel routing = new RoutingPanel();
    private final Div problems = new Div();
    private final Div notes = new Div();
    private final Pre preview = new Pre();
    private final Details previewDetails = new Details("What would be sent", preview);
    private final Button check = new Button("Check");
    private final Button submit = new Button("Submit");
    private final ProgressBar progress = new ProgressBar();
    private final Paragraph copiedFrom = new Paragraph();

    SubmitRunView(
            Runs runs,
            RunTemplates templates,
            CurrentUsers currentUsers,
            TeamDirectory teamDirectory,
            ClusterRegistry registry,
            SubmissionProperties props,
            ViewWork work) {
        this.runs = runs;
        this.templates = templates;
        this.me = currentUsers.require();
        this.work = work;
        addClassName("federa-page");
        add(new H2("Submit a run"));
        copiedFrom.setId("run-copied-from");
        copiedFrom.setVisible(false);
        add(copiedFrom);
        add(new Paragraph("Send a training run to HPC from your own Slurm script or from a template. Choose a cluster, "
                + "or let the portal pick any eligible one: it only considers clusters where your team has a Slurm "
                + "account (and may use the partition), you have a Slurm user, the run fits the partition and your "
                + "team's quota has room, and then prefers the least busy. \"Check\" shows exactly what would be "
                + "sent without sending anything; \"Submit\" sends it and opens the run's page."));

        List<String> myTeams =
                teamDirectory.teamsOf(me).stream().map(TeamOverview::name).toList();
        if (myTeams.isEmpty()) {
            add(new Paragraph("You are not a member of any team, so you cannot submit runs. A team admin adds you."));
        }
        form = new SubmitRunForm(myTeams, templates.list(me), registry.enabledClusters(), props.maxScriptBytes());

        problems.setId("run-problems");
        problems.addClassName("form-error");
        notes.setId("run-notes");
        preview.setId("run-preview");
        previewDetails.setWidthFull();
        check.setId("run-check");
        check.addClickListener(e -> showCheck());
        submit.setId("run-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> submit());
        progress.setId("run-progress");
        progress.setIndeterminate(true);
        progress.setVisible(false);
        progress.setWidth("12em");
        var buttons = new HorizontalLayout(check, submit, progress);
        buttons.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        add(form.components());
        add(routing.components());
        add(buttons, problems, notes, previewDetails);

        form.onChange(this::refresh);
        refresh();
        if (!myTeams.isEmpty()) {
            form.team.setValue(myTeams.getFirst());
        }
    }

    /** {@code runs/new?from=<run id>}: "re-run with edits" starts from that run's request. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("from").ifPresent(id -> {
            copiedFrom.setVisible(true);
            runs.find(me, id)
                    .ifPresentOrElse(
                            this::copy,
                            () -> copiedFrom.setText("There is no run " + id + " that you may see to start from: "
                                    + "the form starts empty."));
        });
    }

    private void copy(Run run) {
        copiedFrom.setText("Starting from run " + run.id() + ": change what you want and submit; a new run is made "
                + "and " + run.id() + " stays as it is.");
        String templateId = run.tags().get("template");
        Optional<RunTemplate> fromTemplate = templateId == null
                ? Optional.empty()
                : templates.list(me).stream()
                        .filter(t -> t.id().equals(templateId))
                        .findFirst();
        form.copy(run, fromTemplate);
    }

    /** After every change: field messages, #SBATCH table, routing and quota. Database reads only. */
    private void refresh() {
        problems.removeAll();
        notes.removeAll();
        previewDetails.setOpened(false);
        form.validate();
        RunRequest request = form.request();
        if (request == null || !form.complete()) {
            routing.clear(form.fromTemplate() ? "Choose a template." : "Choose a team.");
            form.scriptSection.directives.setItems(List.of());
            return;
        }
        try {
            RunPlan plan = runs.check(me, request);
            form.showPlan(plan);
            routing.show(plan.routing(), request.cluster(), plan.cluster(), request.team());
            submit.setEnabled(true);
        } catch (UserFacingException e) {
            routing.refused(e.userMessage());
        }
    }

    /** "Check": the full dry run — problems, notes, and exactly what would be sent. */
    private void showCheck() {
        RunRequest request = form.request();
        if (request == null) {
            showProblems(List.of("Choose a team."));
            return;
        }
        try {
            RunPlan plan = runs.check(me, request);
            form.showPlan(plan);
            routing.show(plan.routing(), request.cluster(), plan.cluster(), request.team());
            showProblems(plan.problems());
            showNotes(plan.notes());
            if (plan.ok()) {
                preview.setText(sent(plan));
                previewDetails.setOpened(true);
            }
        } catch (UserFacingException e) {
            showProblems(List.of(e.userMessage()));
        }
    }

    private static String sent(RunPlan plan) {
        RunResources r = plan.resources();
        String head = "cluster: " + plan.cluster() + "\npartition: "
                + (r.partition() == null ? "(the cluster's default)" : r.partition())
                + "\ntasks: " + r.tasks() + ", CPUs per task: " + r.cpusPerTask() + ", GPUs per node: " + r.gpus()
                + (r.nodes() == null ? "" : ", nodes: " + r.nodes())
                + "\ntime limit: "
                + (r.timeLimitMinutes() == null ? "the partition's default" : r.timeLimitMinutes() + " minutes")
                + "\njob name: " + r.jobName() + ".<run id>\nworking directory: " + r.workingDirectory()
                + "\noutput: " + r.output()
                + "\nenvironment: FEDERA_URL, FEDERA_RUN_ID, FEDERA_TOKEN and FEDERA_PARAM_* for each param\n\n";
        return head + plan.script();
    }

    private void showProblems(List<String> list) {
        problems.removeAll();
        if (!list.isEmpty()) {
            problems.add(new Span(list.size() == 1 ? "Please fix this first:" : "Please fix these first:"));
            var ul = new UnorderedList();
            list.forEach(p -> ul.add(new ListItem(p)));
            problems.add(ul);
        }
    }

    private void showNotes(List<String> list) {
        notes.removeAll();
        if (!list.isEmpty()) {
            var ul = new UnorderedList();
            list.forEach(n -> ul.add(new ListItem(n)));
            notes.add(new Span("Notes:"), ul);
        }
    }

    private void submit() {
        RunRequest request = form.request();
        if (request == null) {
            showProblems(List.of("Choose a team."));
            return;
        }
        UI ui = UI.getCurrent();
        submit.setEnabled(false);
        check.setEnabled(false);
        progress.setVisible(true);
        problems.removeAll();
        work.start(() -> {
            try {
                Run run = runs.submit(me, request);
                ui.access(() -> {
                    done();
                    if (run.state() == RunState.FAILED) {
                        showProblems(List.of(run.stateReason()));
                        problems.add(new Anchor("runs/" + run.id(), "Open run " + run.id()));
                    } else {
                        ui.navigate("runs/" + run.id());
                    }
                });
            } catch (RunRefusedException refused) {
                ui.access(() -> {
                    done();
                    showProblems(refused.problems());
                });
            } catch (UserFacingException refused) {
                ui.access(() -> {
                    done();
                    showProblems(List.of(refused.userMessage()));
                });
            } catch (RuntimeException bug) {
                log.warn("submitting a run for {} failed", request.team(), bug);
                ui.access(() -> {
                    done();
                    showProblems(List.of("The submission failed unexpectedly; the form is kept, try again."));
                });
            }
        });
    }

    private void done() {
        progress.setVisible(false);
        submit.setEnabled(true);
        check.setEnabled(true);
    }
}

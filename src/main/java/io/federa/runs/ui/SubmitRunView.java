package io.federa.runs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.shared.UserFacingException;
import io.federa.shell.ScriptEditor;
import io.federa.submission.ClusterVerdict;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunPlanner;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.submission.RunResources;
import io.federa.submission.RunRouting;
import io.federa.submission.ScriptDirectives;
import io.federa.submission.SlurmTime;
import io.federa.submission.SubmissionProperties;
import io.federa.templates.RenderedTemplate;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRendering;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Submit a run: the person's own script (its {@code #SBATCH} lines shown) or a template (a form
 * generated from its typed parameters), on one cluster or any eligible one (the routing decision and
 * the team's quota shown before submitting). Only the person's own teams are offered; the service
 * checks again. Every check reads the database and the registry only; only "Submit" reaches Slurm.
 */
@Route("runs/new")
@PageTitle("Submit a run · Federa")
@Menu(title = "Submit a run", order = 25, icon = "vaadin:rocket")
@PermitAll
class SubmitRunView extends VerticalLayout implements BeforeEnterObserver {

    private static final Logger log = LoggerFactory.getLogger(SubmitRunView.class);
    static final String TEMPLATE = "A template";
    static final String SCRIPT = "My own script";

    private final Runs runs;
    private final RunTemplates templates;
    private final CurrentUser me;
    private final long maxScriptBytes;

    private final Select<String> team = new Select<>();
    private final RadioButtonGroup<String> source = new RadioButtonGroup<>("Source");
    private final Select<RunTemplate> template = new Select<>();
    private final Paragraph templateDescription = new Paragraph();
    private final FormLayout paramForm = new FormLayout();
    private final Map<String, HasValue<?, ?>> paramFields = new LinkedHashMap<>();
    private final ScriptEditor script = new ScriptEditor("Slurm script");
    private final Span uploadMessage = new Span();
    private final Grid<ScriptDirectives.Directive> directives = new Grid<>();
    private final Select<String> cluster = new Select<>();
    private final IntegerField cpus = new IntegerField("CPUs per task");
    private final IntegerField gpus = new IntegerField("GPUs per node");
    private final TextField partition = new TextField("Partition");
    private final TextField timeLimit = new TextField("Time limit");
    private final Paragraph routingExplanation = new Paragraph();
    private final Grid<ClusterVerdict> routing = new Grid<>();
    private final Paragraph quota = new Paragraph();
    private final Div problems = new Div();
    private final Div notes = new Div();
    private final Pre preview = new Pre();
    private final Details previewDetails = new Details("What would be sent", preview);
    private final Button check = new Button("Check");
    private final Button submit = new Button("Submit");
    private final ProgressBar progress = new ProgressBar();
    private final VerticalLayout templateSection = new VerticalLayout();
    private final VerticalLayout scriptSection = new VerticalLayout();
    private final Paragraph copiedFrom = new Paragraph();

    SubmitRunView(
            Runs runs,
            RunTemplates templates,
            CurrentUsers currentUsers,
            TeamDirectory teamDirectory,
            ClusterRegistry registry,
            SubmissionProperties props) {
        this.runs = runs;
        this.templates = templates;
        this.me = currentUsers.require();
        this.maxScriptBytes = props.maxScriptBytes();
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
        team.setId("run-team");
        team.setLabel("Team");
        team.setItems(myTeams);
        if (myTeams.isEmpty()) {
            add(new Paragraph("You are not a member of any team, so you cannot submit runs. A team admin adds you."));
        }

        source.setId("run-source");
        source.setItems(TEMPLATE, SCRIPT);

        template.setId("run-template");
        template.setLabel("Template");
        template.setItemLabelGenerator(RunTemplate::name);
        template.setItems(templates.list(me));
        template.addValueChangeListener(e -> showTemplate(e.getValue()));
        templateDescription.setId("run-template-description");
        paramForm.setId("run-params");
        paramForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
        templateSection.setPadding(false);
        templateSection.add(template, templateDescription, paramForm);

        script.setId("run-script");
        script.setWidthFull();
        script.setPlaceholder("#!/bin/bash\n#SBATCH --cpus-per-task=2\n#SBATCH --time=00:30:00\npython3 train.py");
        script.setHelperText("At most " + maxScriptBytes / 1024 + " KiB of text. #SBATCH lines are read by the portal; "
                + "the form's values below replace them; the portal's checks appear on the line they concern.");
        var upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
            try {
                script.setValue(RunPlanner.decodeScript(bytes, maxScriptBytes));
                uploadMessage.setText("Loaded " + meta.fileName() + ".");
            } catch (RunRefusedException refused) {
                uploadMessage.setText(refused.userMessage());
            }
        }));
        upload.setId("run-upload");
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxScriptBytes));
        upload.addFileRejectedListener(e -> uploadMessage.setText("The file was not loaded: " + e.getErrorMessage()
                + " (scripts of at most " + maxScriptBytes / 1024 + " KiB)."));
        uploadMessage.setId("run-upload-message");
        directives.setId("run-directives");
        directives.addColumn(ScriptDirectives.Directive::line).setHeader("Line").setAutoWidth(true);
        directives
                .addColumn(ScriptDirectives.Directive::option)
                .setHeader("Option")
                .setAutoWidth(true);
        directives
                .addColumn(ScriptDirectives.Directive::value)
                .setHeader("Value")
                .setFlexGrow(1);
        directives.setAllRowsVisible(true);
        directives.addThemeVariants(GridVariant.LUMO_COMPACT);
        scriptSection.setPadding(false);
        scriptSection.add(script, new HorizontalLayout(upload, uploadMessage), new H3("#SBATCH lines"), directives);

        cluster.setId("run-cluster");
        cluster.setLabel("Cluster");
        List<String> clusters = new ArrayList<>();
        clusters.add(RunRouting.ANY);
        clusters.addAll(registry.enabledClusters());
        cluster.setItems(clusters);
        cluster.setItemLabelGenerator(c -> c.equals(RunRouting.ANY) ? "Any eligible cluster" : c);
        cluster.setValue(RunRouting.ANY);

        cpus.setId("run-cpus");
        cpus.setMin(1);
        cpus.setStepButtonsVisible(true);
        cpus.setHelperText("empty: as the script says");
        gpus.setId("run-gpus");
        gpus.setMin(0);
        gpus.setStepButtonsVisible(true);
        gpus.setHelperText("empty: as the script says");
        partition.setId("run-partition");
        partition.setHelperText("empty: the script's, else the cluster's default");
        timeLimit.setId("run-time");
        timeLimit.setHelperText("e.g. 30, 1:30:00 or 1-00:00:00");
        for (var f : List.of(partition, timeLimit)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
        }
        var resources = new HorizontalLayout(cluster, cpus, gpus, partition, timeLimit);
        resources.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        resources.getStyle().set("flex-wrap", "wrap");

        routingExplanation.setId("run-routing");
        routing.setId("routing-grid");
        routing.addColumn(ClusterVerdict::cluster).setHeader("Cluster").setAutoWidth(true);
        routing.addColumn(ClusterVerdict::summary).setHeader("Decision").setFlexGrow(1);
        routing.addColumn(v -> quotaText(v.quota(), v.held()))
                .setHeader("Team quota there")
                .setFlexGrow(1);
        routing.setAllRowsVisible(true);
        routing.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        quota.setId("run-quota");

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

        add(team, source, templateSection, scriptSection, new H3("Where and with what"), resources);
        add(new H3("Where it would go"), routingExplanation, quota, routing);
        add(buttons, problems, notes, previewDetails);

        source.addValueChangeListener(e -> {
            templateSection.setVisible(TEMPLATE.equals(e.getValue()));
            scriptSection.setVisible(SCRIPT.equals(e.getValue()));
            refresh();
        });
        for (HasValue<?, ?> f : List.<HasValue<?, ?>>of(team, cluster, cpus, gpus, partition, timeLimit, script)) {
            f.addValueChangeListener(e -> refresh());
        }
        source.setValue(TEMPLATE);
        if (!myTeams.isEmpty()) {
            team.setValue(myTeams.getFirst());
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
        if (team.getListDataView().contains(run.team())) {
            team.setValue(run.team());
        }
        String templateId = run.tags().get("template");
        var fromTemplate = templateId == null
                ? java.util.Optional.<RunTemplate>empty()
                : templates.list(me).stream()
                        .filter(t -> t.id().equals(templateId))
                        .findFirst();
        if (fromTemplate.isPresent()) {
            source.setValue(TEMPLATE);
            template.setValue(fromTemplate.get());
            paramFields.forEach((name, field) -> {
                String value = run.params().get(name);
                if (value != null) {
                    setText(field, value);
                }
            });
        } else {
            source.setValue(SCRIPT);
            script.setValue(run.script());
        }
        boolean routed = "any".equals(run.tags().get("routing"));
        cluster.setValue(routed ? RunRouting.ANY : run.cluster());
        cpus.setValue(run.resources().cpusPerTask());
        gpus.setValue(run.resources().gpus());
        partition.setValue(
                run.resources().partition() == null ? "" : run.resources().partition());
        Integer minutes = run.resources().timeLimitMinutes();
        timeLimit.setValue(minutes == null ? "" : SlurmTime.format(minutes));
    }

    @SuppressWarnings("unchecked")
    private static void setText(HasValue<?, ?> field, String value) {
        if (field instanceof Checkbox box) {
            box.setValue(Boolean.parseBoolean(value));
        } else if (field instanceof Select<?> select) {
            ((Select<String>) select).setValue(value);
        } else if (field instanceof TextField text) {
            text.setValue(value);
        }
    }

    private void showTemplate(@Nullable RunTemplate t) {
        paramForm.removeAll();
        paramFields.clear();
        templateDescription.setText(t == null ? "" : t.description());
        if (t == null) {
            refresh();
            return;
        }
        for (TemplateParam p : t.params()) {
            HasValue<?, ?> field = field(p);
            ((Component) field).setId("param-" + p.name());
            paramFields.put(p.name(), field);
            paramForm.add((Component) field);
            field.addValueChangeListener(e -> refresh());
        }
        refresh();
    }

    private static HasValue<?, ?> field(TemplateParam p) {
        String label = p.label().isBlank() ? p.name() : p.label();
        switch (p.type()) {
            case BOOL -> {
                var box = new Checkbox(label);
                box.setValue("true".equalsIgnoreCase(p.defaultValue()));
                return box;
            }
            case CHOICE -> {
                var select = new Select<String>();
                select.setLabel(label);
                select.setItems(p.choices());
                select.setValue(
                        p.defaultValue() != null
                                ? p.defaultValue()
                                : p.choices().getFirst());
                select.setHelperText(p.help());
                return select;
            }
            default -> {
                var text = new TextField(label);
                text.setValue(p.defaultValue() == null ? "" : p.defaultValue());
                text.setValueChangeMode(ValueChangeMode.LAZY);
                text.setRequired(p.required());
                String range = p.min() != null || p.max() != null
                        ? " (" + (p.min() == null ? "…" : TemplateParamText.number(p.min())) + " – "
                                + (p.max() == null ? "…" : TemplateParamText.number(p.max())) + ")"
                        : "";
                String kind = switch (p.type()) {
                    case INT -> "whole number" + range;
                    case FLOAT -> "number" + range;
                    default -> "text: letters, digits and . , : / + = @ % _ -";
                };
                text.setHelperText(p.help().isBlank() ? kind : p.help() + " · " + kind);
                return text;
            }
        }
    }

    private Map<String, String> paramValues() {
        Map<String, String> values = new LinkedHashMap<>();
        paramFields.forEach((name, field) -> {
            Object v = field.getValue();
            values.put(name, v == null ? "" : v.toString());
        });
        return values;
    }

    private @Nullable RunRequest request() {
        if (team.getValue() == null) {
            return null;
        }
        String clusterName = cluster.getValue() == null ? RunRouting.ANY : cluster.getValue();
        boolean fromTemplate = TEMPLATE.equals(source.getValue());
        return new RunRequest(
                team.getValue(),
                clusterName,
                fromTemplate ? "" : script.getValue(),
                null,
                cpus.getValue(),
                gpus.getValue(),
                blankToNull(partition.getValue()),
                blankToNull(timeLimit.getValue()),
                null,
                null,
                Map.of(),
                fromTemplate && template.getValue() != null
                        ? template.getValue().id()
                        : null,
                fromTemplate ? paramValues() : Map.of());
    }

    /** After every change: parameter messages, #SBATCH table, routing and quota. Database reads only. */
    private void refresh() {
        problems.removeAll();
        notes.removeAll();
        previewDetails.setOpened(false);
        boolean fromTemplate = TEMPLATE.equals(source.getValue());
        if (fromTemplate && template.getValue() != null) {
            RenderedTemplate rendered = TemplateRendering.render(template.getValue(), paramValues());
            paramFields.forEach((name, field) -> {
                String problem = rendered.problems().stream()
                        .filter(p -> p.startsWith("Parameter \"" + name + "\""))
                        .findFirst()
                        .orElse(null);
                if (field instanceof TextField text) {
                    text.setInvalid(problem != null);
                    text.setErrorMessage(problem == null ? null : problem.substring(problem.indexOf(':') + 2));
                } else if (field instanceof Select<?> select) {
                    select.setInvalid(problem != null);
                    select.setErrorMessage(problem);
                }
            });
        }
        RunRequest request = request();
        if (request == null || (fromTemplate && template.getValue() == null)) {
            routingExplanation.setText(fromTemplate ? "Choose a template." : "Choose a team.");
            routing.setItems(List.of());
            quota.setText("");
            directives.setItems(List.of());
            return;
        }
        try {
            RunPlan plan = runs.check(me, request);
            directives.setItems(plan.directives().directives());
            markScript(fromTemplate ? null : plan);
            showRouting(plan.routing(), plan.cluster(), request.team());
            submit.setEnabled(true);
        } catch (UserFacingException e) {
            routingExplanation.setText(e.userMessage());
            routing.setItems(List.of());
        }
    }

    /** The plan's problems and notes that name a line of the script, shown on that line in the editor. */
    private void markScript(@Nullable RunPlan plan) {
        if (plan == null) {
            script.setMarks(List.of());
            return;
        }
        List<ScriptEditor.Mark> marks =
                new ArrayList<>(ScriptEditor.onTheirLines(plan.problems(), ScriptEditor.Severity.ERROR));
        marks.addAll(ScriptEditor.onTheirLines(plan.notes(), ScriptEditor.Severity.INFO));
        script.setMarks(marks);
    }

    private void showRouting(@Nullable RouteDecision decision, @Nullable String target, String teamName) {
        if (decision == null) {
            routingExplanation.setText("Fix the problems above to see where the run would go.");
            routing.setItems(List.of());
            quota.setText("");
            return;
        }
        routingExplanation.setText(
                RunRouting.ANY.equals(cluster.getValue())
                        ? decision.explanation()
                        : decision.chosen() != null
                                ? "The run would go to " + decision.chosen() + "."
                                : "Cluster " + cluster.getValue() + " cannot take this run: "
                                        + decision.clusters().stream()
                                                .flatMap(v -> v.reasons().stream())
                                                .reduce((a, b) -> a + " " + b)
                                                .orElse("it is not enabled."));
        routing.setItems(decision.clusters());
        String shown = target != null ? target : decision.chosen();
        quota.setText(decision.verdict(shown == null ? "" : shown)
                .map(v ->
                        "Team " + teamName + "'s quota on " + v.cluster() + ": " + quotaText(v.quota(), v.held()) + ".")
                .orElse(""));
    }

    static String quotaText(@Nullable TeamQuota q, InUse held) {
        if (q == null) {
            return "no limits set; in use by the team's portal work: " + held.cpus() + " CPUs, " + held.gpus()
                    + " GPUs, " + held.jobs() + " jobs";
        }
        return limit("CPUs", held.cpus(), q.maxCpus()) + ", " + limit("GPUs", held.gpus(), q.maxGpus()) + ", "
                + limit("jobs", held.jobs(), q.maxJobs());
    }

    private static String limit(String what, int used, @Nullable Integer max) {
        return max == null ? what + " " + used + " in use (no limit)" : what + " " + used + " of " + max + " in use";
    }

    /** "Check": the full dry run — problems, notes, and exactly what would be sent. */
    private void showCheck() {
        RunRequest request = request();
        if (request == null) {
            showProblems(List.of("Choose a team."));
            return;
        }
        try {
            RunPlan plan = runs.check(me, request);
            directives.setItems(plan.directives().directives());
            markScript(TEMPLATE.equals(source.getValue()) ? null : plan);
            showRouting(plan.routing(), plan.cluster(), request.team());
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
        RunRequest request = request();
        if (request == null) {
            showProblems(List.of("Choose a team."));
            return;
        }
        UI ui = UI.getCurrent();
        submit.setEnabled(false);
        check.setEnabled(false);
        progress.setVisible(true);
        problems.removeAll();
        Runnable work = () -> {
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
        };
        Thread.ofVirtual()
                .name("run-submit")
                .start(new DelegatingSecurityContextRunnable(work, SecurityContextHolder.getContext()));
    }

    private void done() {
        progress.setVisible(false);
        submit.setEnabled(true);
        check.setEnabled(true);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Numbers as the template editor and the form show them. */
    static final class TemplateParamText {
        private TemplateParamText() {}

        static String number(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}

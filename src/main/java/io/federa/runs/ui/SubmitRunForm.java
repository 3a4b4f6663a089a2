package io.federa.runs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.federa.runs.Run;
import io.federa.shell.ScriptEditor;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import io.federa.submission.SlurmTime;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRendering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The submit page's form: team, source (a template with a form generated from its typed parameters, or
 * the person's own script), cluster or any eligible one, and the resources that replace the script's
 * {@code #SBATCH} lines, bound with a {@link Binder} to {@link Values}. Each field's check refuses what
 * the planner refuses, in its words (a CPU count below 1, a negative GPU count, a time limit Slurm does
 * not read; a template parameter out of its type or bounds), so the field says it before "Check" does. {@link #request} is what the form asks, checked or not: the planner decides. No
 * Spring, no browser: {@code SubmitRunFormTest} drives it as the page does.
 */
final class SubmitRunForm {

    static final String TEMPLATE = "A template";
    static final String SCRIPT = "My own script";
    static final String WHOLE_NUMBER = "Write a whole number, or leave it empty to keep the script's.";

    /** What the form holds; the template's parameters are in {@link #params}, by name. */
    static final class Values {
        @Nullable
        String team;

        String source = TEMPLATE;

        @Nullable
        RunTemplate template;

        String script = "";
        String cluster = RunRouting.ANY;

        @Nullable
        Integer cpus;

        @Nullable
        Integer gpus;

        String partition = "";
        String timeLimit = "";
        final Map<String, String> params = new LinkedHashMap<>();
    }

    final Select<String> team = new Select<>();
    final RadioButtonGroup<String> source = new RadioButtonGroup<>("Source");
    final Select<RunTemplate> template = new Select<>();
    final Paragraph templateDescription = new Paragraph();
    final FormLayout paramForm = new FormLayout();
    final Select<String> cluster = new Select<>();
    final IntegerField cpus = new IntegerField("CPUs per task");
    final IntegerField gpus = new IntegerField("GPUs per node");
    final TextField partition = new TextField("Partition");
    final TextField timeLimit = new TextField("Time limit");
    final VerticalLayout templateSection = new VerticalLayout();
    final OwnScriptSection scriptSection;
    final ScriptEditor script;
    private final HorizontalLayout resources;

    private final Map<String, HasValue<?, ?>> paramFields = new LinkedHashMap<>();
    private final Binder<Values> binder = new Binder<>();
    private Binder<Values> paramBinder = new Binder<>();
    private final Values values = new Values();
    private final List<Runnable> changeListeners = new ArrayList<>();

    SubmitRunForm(List<String> teams, List<RunTemplate> templates, List<String> clusters, long maxScriptBytes) {
        team.setId("run-team");
        team.setLabel("Team");
        team.setItems(teams);

        source.setId("run-source");
        source.setItems(TEMPLATE, SCRIPT);

        template.setId("run-template");
        template.setLabel("Template");
        template.setItemLabelGenerator(RunTemplate::name);
        template.setItems(templates);
        templateDescription.setId("run-template-description");
        paramForm.setId("run-params");
        paramForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
        templateSection.setPadding(false);
        templateSection.add(template, templateDescription, paramForm);
        scriptSection = new OwnScriptSection(maxScriptBytes);
        script = scriptSection.script;

        cluster.setId("run-cluster");
        cluster.setLabel("Cluster");
        List<String> choices = new ArrayList<>();
        choices.add(RunRouting.ANY);
        choices.addAll(clusters);
        cluster.setItems(choices);
        cluster.setItemLabelGenerator(c -> c.equals(RunRouting.ANY) ? "Any eligible cluster" : c);

        cpus.setId("run-cpus");
        cpus.setMin(1);
        cpus.setStepButtonsVisible(true);
        cpus.setHelperText("empty: as the script says");
        // the fields' own checks (their minimum, a number that is no whole number), which Binder runs first
        cpus.setI18n(new IntegerField.IntegerFieldI18n()
                .setMinErrorMessage("The number of CPUs per task must be at least 1.")
                .setBadInputErrorMessage(WHOLE_NUMBER));
        gpus.setId("run-gpus");
        gpus.setMin(0);
        gpus.setStepButtonsVisible(true);
        gpus.setHelperText("empty: as the script says");
        gpus.setI18n(new IntegerField.IntegerFieldI18n()
                .setMinErrorMessage("The number of GPUs cannot be negative.")
                .setBadInputErrorMessage(WHOLE_NUMBER));
        partition.setId("run-partition");
        partition.setHelperText("empty: the script's, else the cluster's default");
        timeLimit.setId("run-time");
        timeLimit.setHelperText("e.g. 30, 1:30:00 or 1-00:00:00");
        for (var f : List.of(partition, timeLimit)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
        }
        resources = new HorizontalLayout(cluster, cpus, gpus, partition, timeLimit);
        resources.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        resources.getStyle().set("flex-wrap", "wrap");

        bind();
        binder.readBean(values);
        showSource(values.source);
        source.addValueChangeListener(e -> {
            showSource(e.getValue());
            changed();
        });
        template.addValueChangeListener(e -> showTemplate(e.getValue()));
        for (HasValue<?, ?> f : List.<HasValue<?, ?>>of(team, cluster, cpus, gpus, partition, timeLimit, script)) {
            f.addValueChangeListener(e -> changed());
        }
    }

    private void bind() {
        binder.forField(team).bind(v -> v.team, (v, x) -> v.team = x);
        binder.forField(source).bind(v -> v.source, (v, x) -> v.source = x == null ? TEMPLATE : x);
        binder.forField(template).bind(v -> v.template, (v, x) -> v.template = x);
        binder.forField(script).bind(v -> v.script, (v, x) -> v.script = x == null ? "" : x);
        binder.forField(cluster).bind(v -> v.cluster, (v, x) -> v.cluster = x == null ? RunRouting.ANY : x);
        binder.forField(cpus).bind(v -> v.cpus, (v, x) -> v.cpus = x);
        binder.forField(gpus).bind(v -> v.gpus, (v, x) -> v.gpus = x);
        binder.forField(partition).bind(v -> v.partition, (v, x) -> v.partition = x == null ? "" : x);
        binder.forField(timeLimit)
                .withValidator(
                        (t, c) -> timeProblem(t).map(ValidationResult::error).orElseGet(ValidationResult::ok))
                .bind(v -> v.timeLimit, (v, x) -> v.timeLimit = x == null ? "" : x);
    }

    /** The planner's words for a time limit Slurm would not read; none for an empty field. */
    static Optional<String> timeProblem(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            SlurmTime.parse(text.trim());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("Time limit: " + e.getMessage() + ".");
        }
    }

    /** The form's parts in the order of the page. */
    Component[] components() {
        return new Component[] {team, source, templateSection, scriptSection, new H3("Where and with what"), resources};
    }

    /** Called after every change of what the form asks (not on messages or marks). */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void showSource(@Nullable String chosen) {
        templateSection.setVisible(TEMPLATE.equals(chosen));
        scriptSection.setVisible(SCRIPT.equals(chosen));
    }

    boolean fromTemplate() {
        return TEMPLATE.equals(source.getValue());
    }

    /** The template's parameters as fields, each with its default; none for no template. */
    private void showTemplate(@Nullable RunTemplate t) {
        paramForm.removeAll();
        paramFields.clear();
        paramBinder = new Binder<>();
        templateDescription.setText(t == null ? "" : t.description());
        if (t != null) {
            for (TemplateParam p : t.params()) {
                HasValue<?, ?> field = TemplateParamFields.field(p);
                ((Component) field).setId("param-" + p.name());
                paramFields.put(p.name(), field);
                paramForm.add((Component) field);
                bindParam(p.name(), field);
                field.addValueChangeListener(e -> changed());
            }
        }
        changed();
    }

    private <T> void bindParam(String name, HasValue<?, T> field) {
        paramBinder
                .forField(field)
                .withValidator((v, c) -> paramProblem(name, field instanceof TextField)
                        .map(ValidationResult::error)
                        .orElseGet(ValidationResult::ok))
                .bind(v -> field.getValue(), (v, x) -> v.params.put(name, x == null ? "" : x.toString()));
    }

    /**
     * The rendering's problem with this parameter, in the template's words: on a text field without the
     * "Parameter "name":" that its label already says.
     */
    private Optional<String> paramProblem(String name, boolean withoutName) {
        RunTemplate t = template.getValue();
        if (t == null) {
            return Optional.empty();
        }
        return TemplateRendering.render(t, paramValues()).problems().stream()
                .filter(p -> p.startsWith("Parameter \"" + name + "\""))
                .findFirst()
                .map(p -> withoutName ? p.substring(p.indexOf(':') + 2) : p);
    }

    /** Marks every field whose value the planner would refuse (the parameters against their template). */
    void validate() {
        binder.validate();
        if (fromTemplate() && template.getValue() != null) {
            paramBinder.validate();
        }
    }

    /** Every field problem, in the order of the form (empty when no field is marked). */
    List<String> fieldProblems() {
        var problems = new ArrayList<String>();
        binder.validate().getFieldValidationErrors().forEach(e -> e.getMessage().ifPresent(problems::add));
        if (fromTemplate() && template.getValue() != null) {
            paramBinder
                    .validate()
                    .getFieldValidationErrors()
                    .forEach(e -> e.getMessage().ifPresent(problems::add));
        }
        return problems;
    }

    Map<String, String> paramValues() {
        Map<String, String> params = new LinkedHashMap<>();
        paramFields.forEach((name, field) -> {
            Object v = field.getValue();
            params.put(name, v == null ? "" : v.toString());
        });
        return params;
    }

    /** A template or script is chosen and a team: there is something to check. */
    boolean complete() {
        return team.getValue() != null && (!fromTemplate() || template.getValue() != null);
    }

    /** What the form asks, checked or not (the planner checks); null before a team is chosen. */
    @Nullable
    RunRequest request() {
        binder.writeBeanAsDraft(values, true);
        values.params.clear();
        values.params.putAll(paramValues());
        if (values.team == null) {
            return null;
        }
        boolean fromTemplate = TEMPLATE.equals(values.source);
        return new RunRequest(
                values.team,
                values.cluster,
                fromTemplate ? "" : values.script,
                null,
                values.cpus,
                values.gpus,
                blankToNull(values.partition),
                blankToNull(values.timeLimit),
                null,
                null,
                Map.of(),
                fromTemplate && values.template != null ? values.template.id() : null,
                fromTemplate ? Map.copyOf(values.params) : Map.of());
    }

    /** The plan's {@code #SBATCH} lines, and its problems and notes on their lines of an own script. */
    void showPlan(@Nullable RunPlan plan) {
        scriptSection.directives.setItems(
                plan == null ? List.of() : plan.directives().directives());
        if (plan == null || fromTemplate()) {
            script.setMarks(List.of());
            return;
        }
        List<ScriptEditor.Mark> marks =
                new ArrayList<>(ScriptEditor.onTheirLines(plan.problems(), ScriptEditor.Severity.ERROR));
        marks.addAll(ScriptEditor.onTheirLines(plan.notes(), ScriptEditor.Severity.INFO));
        script.setMarks(marks);
    }

    /** "Re-run with edits": the run's team (if still one of the person's), source, params and resources. */
    void copy(Run run, Optional<RunTemplate> fromTemplate) {
        if (team.getListDataView().contains(run.team())) {
            team.setValue(run.team());
        }
        if (fromTemplate.isPresent()) {
            source.setValue(TEMPLATE);
            template.setValue(fromTemplate.get());
            paramFields.forEach((name, field) -> {
                String value = run.params().get(name);
                if (value != null) {
                    TemplateParamFields.setText(field, value);
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

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

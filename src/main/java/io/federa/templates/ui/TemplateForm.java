package io.federa.templates.ui;

import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import io.federa.shell.ScriptEditor;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRendering;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The template editor's own fields (id, name, description, script) bound with a {@link Binder} to
 * {@link Values}, each with the check {@link TemplateRendering} makes when the template is saved, in
 * the same words: an id of the wrong shape and a missing name are marked on their field; a script
 * without an interpreter line or over the size limit is listed (the preview marks problems on their
 * lines of the script). {@link #problems} lists those and every other problem of the
 * template (its parameters, its placeholders). No Spring, no browser: {@code TemplateFormTest} drives
 * it as the page does.
 */
final class TemplateForm {

    /** What the form holds. */
    static final class Values {
        String id = "";
        String name = "";
        String description = "";
        String script = "";
    }

    static final String NEW_SCRIPT = "#!/bin/bash\n#SBATCH --cpus-per-task={{cpus}}\n";

    final TextField id = new TextField("Id");
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final ScriptEditor script = new ScriptEditor("Script");

    private final long maxScriptBytes;
    private final Binder<Values> binder = new Binder<>();
    private Values values = new Values();

    TemplateForm(long maxScriptBytes) {
        this.maxScriptBytes = maxScriptBytes;
        binder.forField(id)
                .withValidator((v, c) -> result(TemplateRendering.idProblem(v.trim())))
                .bind(v -> v.id, (v, x) -> v.id = x.trim());
        binder.forField(name)
                .withValidator((v, c) -> result(TemplateRendering.nameProblem(v)))
                .bind(v -> v.name, (v, x) -> v.name = x);
        binder.forField(description).bind(v -> v.description, (v, x) -> v.description = x == null ? "" : x);
        binder.forField(script)
                .withValidator((v, c) ->
                        result(TemplateRendering.scriptProblems(v == null ? "" : v, maxScriptBytes).stream()
                                .findFirst()))
                .bind(v -> v.script, (v, x) -> v.script = x == null ? "" : x);
        show(null);
    }

    /** Shows a template, or a new one (an id to choose, a script with one placeholder) for null. */
    void show(@Nullable RunTemplate t) {
        values = new Values();
        if (t != null) {
            values.id = t.id();
            values.name = t.name();
            values.description = t.description();
            values.script = t.script();
        } else {
            values.script = NEW_SCRIPT;
        }
        binder.readBean(values);
        id.setReadOnly(t != null);
    }

    /** The template as the form holds it, with these parameters (not checked: see {@link #problems}). */
    RunTemplate template(List<TemplateParam> params) {
        binder.writeBeanAsDraft(values, true);
        return new RunTemplate(values.id, values.name, values.description, values.script, params, null, null);
    }

    /**
     * Every problem of the template the form holds with these parameters, each once: the fields' own
     * (shown on them too) first, then the rest of what saving would refuse. Empty when it can be saved.
     */
    List<String> problems(List<TemplateParam> params) {
        var problems = new LinkedHashSet<String>();
        binder.validate().getFieldValidationErrors().forEach(e -> e.getMessage().ifPresent(problems::add));
        problems.addAll(TemplateRendering.validate(template(params), maxScriptBytes));
        return List.copyOf(problems);
    }

    private static ValidationResult result(Optional<String> problem) {
        return problem.map(ValidationResult::error).orElseGet(ValidationResult::ok);
    }
}

package io.federa.templates.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.shared.Roles;
import io.federa.shell.ScriptEditor;
import io.federa.submission.ScriptDirectives;
import io.federa.submission.SubmissionProperties;
import io.federa.templates.RenderedTemplate;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRefusedException;
import io.federa.templates.TemplateRendering;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Admin: run templates — a Slurm script with {@code {{name}}} placeholders and typed parameters.
 * "Preview" renders it with the defaults exactly as a submission would; "Save" refuses a template
 * whose placeholders, defaults or limits do not add up, and says what to fix.
 */
@Route("admin/templates")
@PageTitle("Run templates · Federa")
@Menu(title = "Run templates", order = 120, icon = "vaadin:file-code")
@RolesAllowed(Roles.PORTAL_ADMIN)
class TemplatesView extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final RunTemplates templates;
    private final CurrentUser me;
    private final long maxScriptBytes;
    private final Grid<RunTemplate> grid = new Grid<>();
    private final TemplateForm form;
    private final TextField id;
    private final ScriptEditor script;
    private final VerticalLayout paramRows = new VerticalLayout();
    private final List<ParamRow> rows = new ArrayList<>();
    private final Div message = new Div();
    private final Pre preview = new Pre();

    TemplatesView(RunTemplates templates, CurrentUsers currentUsers, SubmissionProperties props) {
        this.templates = templates;
        this.me = currentUsers.require();
        this.maxScriptBytes = props.maxScriptBytes();
        this.form = new TemplateForm(maxScriptBytes);
        this.id = form.id;
        this.script = form.script;
        TextField name = form.name;
        TextArea description = form.description;
        addClassName("federa-page");
        add(new H2("Run templates"));
        add(new Paragraph("Templates let people submit a run by filling in a form. The script uses {{name}} where a "
                + "parameter's value goes; each parameter has a type (text, whole number, number, true/false or a "
                + "choice), a default, limits and whether it is required. Values are checked against their type and "
                + "may never contain spaces, quotes, $, backticks or line breaks, so they cannot change what the "
                + "script does beyond the value itself. Preview shows the script with the defaults filled in."));

        grid.setId("templates-grid");
        grid.addColumn(RunTemplate::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(RunTemplate::id).setHeader("Id").setAutoWidth(true);
        grid.addColumn(t -> t.params().size()).setHeader("Parameters").setAutoWidth(true);
        grid.addColumn(t -> t.updatedAt() == null
                        ? "seeded"
                        : TIME.format(t.updatedAt()) + " by " + (t.updatedBy() == null ? "?" : t.updatedBy()))
                .setHeader("Changed (UTC)")
                .setFlexGrow(1);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                edit(e.getValue());
            }
        });
        var newTemplate = new Button("New template", e -> edit(null));
        newTemplate.setId("template-new");
        add(grid, newTemplate);

        id.setId("template-id");
        id.setHelperText("lower-case letters, digits and -; kept with every run made from it");
        name.setId("template-name");
        name.setWidth("24em");
        description.setId("template-description");
        description.setWidthFull();
        script.setId("template-script");
        script.setWidthFull();
        script.setHelperText("{{name}} placeholders are filled in from the parameters below. Preview marks problems "
                + "on their line.");
        paramRows.setId("template-params");
        paramRows.setPadding(false);
        var addParam = new Button("Add parameter", e -> addRow(TemplateParam.of("", TemplateParam.Type.STRING, "")));
        addParam.setId("template-add-param");
        var previewButton = new Button("Preview", e -> preview());
        previewButton.setId("template-preview-button");
        var save = new Button("Save", e -> save());
        save.setId("template-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var delete = new Button("Delete", e -> delete());
        delete.setId("template-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        message.setId("template-message");
        preview.setId("template-preview");
        add(new H3("Edit"), new HorizontalLayout(id, name), description, script, new H3("Parameters"), paramRows);
        add(addParam, new HorizontalLayout(previewButton, save, delete), message, preview);
        reload();
        edit(null);
    }

    private void reload() {
        grid.setItems(templates.list(me));
    }

    private void edit(@Nullable RunTemplate t) {
        form.show(t);
        paramRows.removeAll();
        rows.clear();
        if (t == null) {
            addRow(new TemplateParam("cpus", "CPUs", TemplateParam.Type.INT, "1", 1.0, null, true, List.of(), ""));
        } else {
            t.params().forEach(this::addRow);
        }
        message.removeAll();
        preview.setText("");
        script.setMarks(List.of());
    }

    private void addRow(TemplateParam p) {
        var row = new ParamRow(p);
        rows.add(row);
        row.remove.addClickListener(e -> {
            rows.remove(row);
            paramRows.remove(row.layout);
        });
        paramRows.add(row.layout);
    }

    private List<TemplateParam> params() {
        return rows.stream().map(ParamRow::value).toList();
    }

    private RunTemplate current() {
        return form.template(params());
    }

    private void preview() {
        RunTemplate t = current();
        List<String> problems = new ArrayList<>(form.problems(params()));
        RenderedTemplate rendered = TemplateRendering.render(t, Map.of());
        if (problems.isEmpty()) {
            problems.addAll(rendered.problems());
        }
        showMessage(problems.isEmpty() ? "Rendered with the defaults:" : "Please fix these first:", problems);
        preview.setText(problems.isEmpty() ? rendered.script() : "");
        // values never span lines, so the rendered script's line numbers are the template's
        ScriptDirectives directives = ScriptDirectives.parse(rendered.script());
        List<ScriptEditor.Mark> marks =
                new ArrayList<>(ScriptEditor.onTheirLines(problems, ScriptEditor.Severity.ERROR));
        marks.addAll(ScriptEditor.onTheirLines(directives.problems(), ScriptEditor.Severity.ERROR));
        marks.addAll(ScriptEditor.onTheirLines(directives.notes(), ScriptEditor.Severity.INFO));
        script.setMarks(marks);
    }

    private void save() {
        try {
            RunTemplate saved = templates.save(me, current());
            reload();
            id.setReadOnly(true);
            showMessage("Saved \"" + saved.name() + "\".", List.of());
        } catch (TemplateRefusedException refused) {
            showMessage("Not saved; please fix these first:", refused.problems());
        }
    }

    private void delete() {
        if (id.getValue().isBlank()) {
            return;
        }
        templates.delete(id.getValue().trim());
        reload();
        edit(null);
        showMessage("Deleted. Runs made from it keep their script and parameters.", List.of());
    }

    private void showMessage(String head, List<String> problems) {
        message.removeAll();
        message.add(new Paragraph(head));
        if (!problems.isEmpty()) {
            message.addClassName("form-error");
            var ul = new UnorderedList();
            problems.forEach(p -> ul.add(new ListItem(p)));
            message.add(ul);
        } else {
            message.removeClassName("form-error");
        }
    }

    /** One parameter in the editor. */
    private static final class ParamRow {
        final TextField name = new TextField("Name");
        final TextField label = new TextField("Label");
        final Select<TemplateParam.Type> type = new Select<>();
        final TextField defaultValue = new TextField("Default");
        final NumberField min = new NumberField("Min");
        final NumberField max = new NumberField("Max");
        final Checkbox required = new Checkbox("Required");
        final TextField choices = new TextField("Choices");
        final TextField help = new TextField("Help");
        final Button remove = new Button("Remove");
        final HorizontalLayout layout;

        ParamRow(TemplateParam p) {
            name.setValue(p.name());
            name.setWidth("9em");
            name.addClassName("param-name");
            label.setValue(p.label());
            label.setWidth("10em");
            type.setLabel("Type");
            type.setItems(TemplateParam.Type.values());
            type.setValue(p.type());
            type.setWidth("8em");
            defaultValue.setValue(p.defaultValue() == null ? "" : p.defaultValue());
            defaultValue.setWidth("8em");
            min.setValue(p.min());
            min.setWidth("6em");
            max.setValue(p.max());
            max.setWidth("6em");
            required.setValue(p.required());
            choices.setValue(String.join(", ", p.choices()));
            choices.setHelperText("comma-separated");
            choices.setWidth("9em");
            help.setValue(p.help());
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            layout = new HorizontalLayout(name, label, type, defaultValue, min, max, required, choices, help, remove);
            layout.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            layout.getStyle().set("flex-wrap", "wrap");
            layout.addClassName("template-param");
        }

        TemplateParam value() {
            return new TemplateParam(
                    name.getValue().trim(),
                    label.getValue().isBlank()
                            ? name.getValue().trim()
                            : label.getValue().trim(),
                    type.getValue() == null ? TemplateParam.Type.STRING : type.getValue(),
                    defaultValue.getValue().isBlank()
                            ? null
                            : defaultValue.getValue().trim(),
                    min.getValue(),
                    max.getValue(),
                    required.getValue(),
                    choices.getValue().isBlank()
                            ? List.of()
                            : Arrays.stream(choices.getValue().split(","))
                                    .map(String::trim)
                                    .filter(s -> !s.isEmpty())
                                    .toList(),
                    help.getValue());
        }
    }
}

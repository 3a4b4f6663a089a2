package io.federa.templates.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template editor's fields, their checks and the template they make, without a browser. */
class TemplateFormTest {

    private static final List<TemplateParam> CPUS =
            List.of(new TemplateParam("cpus", "CPUs", TemplateParam.Type.INT, "1", 1.0, 8.0, true, List.of(), ""));

    @Test
    void a_new_template_starts_with_an_empty_id_and_a_script_with_one_placeholder() {
        var form = new TemplateForm(64 * 1024);
        assertThat(form.id.getValue()).isEmpty();
        assertThat(form.id.isReadOnly()).isFalse();
        assertThat(form.script.getValue()).isEqualTo(TemplateForm.NEW_SCRIPT);
    }

    @Test
    void a_filled_form_makes_the_template_and_has_no_problems() {
        var form = new TemplateForm(64 * 1024);
        form.id.setValue(" train-small ");
        form.name.setValue("Train, small");
        form.description.setValue("One node.");
        RunTemplate t = form.template(CPUS);
        assertThat(t.id()).isEqualTo("train-small");
        assertThat(t.name()).isEqualTo("Train, small");
        assertThat(t.description()).isEqualTo("One node.");
        assertThat(t.script()).isEqualTo(TemplateForm.NEW_SCRIPT);
        assertThat(t.params()).isEqualTo(CPUS);
        assertThat(form.problems(CPUS)).isEmpty();
        assertThat(form.id.isInvalid()).isFalse();
    }

    @Test
    void required_fields_are_marked_on_the_field_and_listed_once() {
        var form = new TemplateForm(64 * 1024);
        form.id.setValue("Bad Id");
        form.name.setValue(" ");
        List<String> problems = form.problems(CPUS);
        assertThat(problems)
                .containsExactly(
                        "The id \"Bad Id\" must use only lower-case letters, digits and - (at most 63).",
                        "The template needs a name of at most 200 characters.");
        assertThat(form.id.isInvalid()).isTrue();
        assertThat(form.id.getErrorMessage()).startsWith("The id \"Bad Id\"");
        assertThat(form.name.isInvalid()).isTrue();
    }

    @Test
    void a_script_over_the_size_limit_or_without_an_interpreter_line_is_refused_on_the_script() {
        var form = new TemplateForm(1024);
        form.id.setValue("big");
        form.name.setValue("Big");
        form.script.setValue("#!/bin/bash\n#SBATCH --cpus-per-task={{cpus}}\n" + "echo x\n".repeat(200));
        assertThat(form.problems(CPUS)).containsExactly("The script is longer than the portal accepts (1 KiB).");

        form.script.setValue("echo {{cpus}}\n");
        assertThat(form.problems(CPUS))
                .containsExactly("The script must start with an interpreter line such as #!/bin/bash.");
    }

    @Test
    void parameter_bounds_and_placeholders_are_checked_with_the_fields() {
        var form = new TemplateForm(64 * 1024);
        form.id.setValue("t");
        form.name.setValue("T");
        form.script.setValue("#!/bin/bash\necho {{epochs}}\n");
        var upsideDown =
                List.of(new TemplateParam("cpus", "CPUs", TemplateParam.Type.INT, null, 8.0, 1.0, true, List.of(), ""));
        assertThat(form.problems(upsideDown))
                .contains(
                        "Parameter \"cpus\": the minimum 8 is above the maximum 1.",
                        "The script uses {{epochs}}, but the template declares no parameter epochs.");
    }

    @Test
    void an_existing_template_is_shown_with_its_id_fixed() {
        var form = new TemplateForm(64 * 1024);
        form.show(new RunTemplate("seeded", "Seeded", "", "#!/bin/bash\ntrue\n", List.of(), null, null));
        assertThat(form.id.getValue()).isEqualTo("seeded");
        assertThat(form.id.isReadOnly()).isTrue();
        assertThat(form.template(List.of()).script()).isEqualTo("#!/bin/bash\ntrue\n");
    }
}

package io.federa.runs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateParam.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The submit page's form: its fields, their checks and the request they make, without a browser. */
class SubmitRunFormTest {

    private static final RunTemplate TRAIN = new RunTemplate(
            "train",
            "Train",
            "Runs federa.py.",
            "#!/bin/bash\n#SBATCH --cpus-per-task={{cpus}}\npython3 federa.py {{epochs}} {{optimizer}} {{fast}}\n",
            List.of(
                    new TemplateParam("cpus", "CPUs", Type.INT, "2", 1.0, 8.0, true, List.of(), "per task"),
                    new TemplateParam("epochs", "", Type.INT, "5", 1.0, null, true, List.of(), ""),
                    new TemplateParam(
                            "optimizer", "Optimizer", Type.CHOICE, null, null, null, true, List.of("sgd", "adam"), ""),
                    new TemplateParam("fast", "Fast", Type.BOOL, "true", null, null, false, List.of(), "")),
            null,
            null);

    private static SubmitRunForm form() {
        return new SubmitRunForm(List.of("team-a", "team-b"), List.of(TRAIN), List.of("c1", "c2"), 64 * 1024);
    }

    @Test
    void a_new_form_offers_a_template_on_any_eligible_cluster_and_asks_nothing_before_a_team_is_chosen() {
        var form = form();
        assertThat(form.source.getValue()).isEqualTo(SubmitRunForm.TEMPLATE);
        assertThat(form.templateSection.isVisible()).isTrue();
        assertThat(form.scriptSection.isVisible()).isFalse();
        assertThat(form.cluster.getValue()).isEqualTo(RunRouting.ANY);
        assertThat(form.cluster.getItemLabelGenerator().apply(RunRouting.ANY)).isEqualTo("Any eligible cluster");
        assertThat(form.cluster.getListDataView().getItems()).containsExactly(RunRouting.ANY, "c1", "c2");
        assertThat(form.team.getListDataView().getItems()).containsExactly("team-a", "team-b");
        assertThat(form.request()).isNull();
        assertThat(form.complete()).isFalse();
    }

    @Test
    void choosing_the_own_script_shows_the_script_and_hides_the_template() {
        var form = form();
        form.source.setValue(SubmitRunForm.SCRIPT);
        assertThat(form.scriptSection.isVisible()).isTrue();
        assertThat(form.templateSection.isVisible()).isFalse();
        form.source.setValue(SubmitRunForm.TEMPLATE);
        assertThat(form.scriptSection.isVisible()).isFalse();
        assertThat(form.templateSection.isVisible()).isTrue();
    }

    @Test
    void an_own_script_makes_a_request_with_the_form_values_and_blank_fields_left_to_the_script() {
        var form = form();
        form.team.setValue("team-b");
        form.source.setValue(SubmitRunForm.SCRIPT);
        form.script.setValue("#!/bin/bash\ntrue\n");
        form.cluster.setValue("c2");
        form.cpus.setValue(4);
        form.partition.setValue("  gpu ");
        form.timeLimit.setValue(" ");
        RunRequest r = form.request();
        assertThat(r).isNotNull();
        assertThat(r.team()).isEqualTo("team-b");
        assertThat(r.cluster()).isEqualTo("c2");
        assertThat(r.script()).isEqualTo("#!/bin/bash\ntrue\n");
        assertThat(r.cpusPerTask()).isEqualTo(4);
        assertThat(r.gpus()).isNull();
        assertThat(r.partition()).isEqualTo("gpu");
        assertThat(r.timeLimit()).isNull();
        assertThat(r.template()).isNull();
        assertThat(r.templateValues()).isEmpty();
        assertThat(form.fieldProblems()).isEmpty();
        assertThat(form.complete()).isTrue();
    }

    @Test
    void a_template_gets_one_field_per_parameter_with_its_default_and_the_request_carries_their_values() {
        var form = form();
        form.team.setValue("team-a");
        assertThat(form.complete()).as("no template chosen yet").isFalse();
        form.template.setValue(TRAIN);
        assertThat(form.templateDescription.getText()).isEqualTo("Runs federa.py.");
        assertThat(form.paramForm.getChildren().map(c -> c.getId().orElseThrow()))
                .containsExactly("param-cpus", "param-epochs", "param-optimizer", "param-fast");
        var cpus = (TextField) form.paramForm.getChildren().findFirst().orElseThrow();
        assertThat(cpus.getLabel()).isEqualTo("CPUs");
        assertThat(cpus.getHelperText()).isEqualTo("per task · whole number (1 – 8)");
        var epochs =
                (TextField) form.paramForm.getChildren().skip(1).findFirst().orElseThrow();
        assertThat(epochs.getLabel()).as("no label: the name").isEqualTo("epochs");
        assertThat(epochs.getHelperText()).isEqualTo("whole number (1 – …)");
        assertThat(form.paramForm.getChildren().skip(2).findFirst().orElseThrow())
                .isInstanceOf(Select.class);
        assertThat(form.paramForm.getChildren().skip(3).findFirst().orElseThrow())
                .isInstanceOf(Checkbox.class);

        epochs.setValue("7");
        RunRequest r = form.request();
        assertThat(r).isNotNull();
        assertThat(r.template()).isEqualTo("train");
        assertThat(r.script())
                .as("the template's script is rendered by the planner")
                .isEmpty();
        assertThat(r.templateValues())
                .isEqualTo(Map.of("cpus", "2", "epochs", "7", "optimizer", "sgd", "fast", "true"));
        assertThat(form.fieldProblems()).isEmpty();

        form.source.setValue(SubmitRunForm.SCRIPT);
        assertThat(form.request().template())
                .as("an own script ignores the template")
                .isNull();
        assertThat(form.request().templateValues()).isEmpty();
    }

    @Test
    void a_parameter_out_of_its_type_or_bounds_is_marked_on_its_field_in_the_templates_words() {
        var form = form();
        form.team.setValue("team-a");
        form.template.setValue(TRAIN);
        var epochs =
                (TextField) form.paramForm.getChildren().skip(1).findFirst().orElseThrow();
        epochs.setValue("five");
        assertThat(epochs.isInvalid()).isTrue();
        assertThat(epochs.getErrorMessage()).contains("is not a whole number").doesNotContain("Parameter");
        var cpus = (TextField) form.paramForm.getChildren().findFirst().orElseThrow();
        cpus.setValue("9");
        assertThat(cpus.getErrorMessage()).isEqualTo("9 is above the maximum 8.");
        assertThat(form.fieldProblems()).hasSize(2);

        epochs.setValue("3");
        cpus.setValue("8");
        form.validate();
        assertThat(epochs.isInvalid()).isFalse();
        assertThat(cpus.isInvalid()).isFalse();
        assertThat(form.fieldProblems()).isEmpty();
    }

    @Test
    void resources_the_planner_would_refuse_are_marked_in_its_words_and_still_asked_for() {
        var form = form();
        form.team.setValue("team-a");
        form.cpus.setValue(0);
        form.gpus.setValue(-1);
        form.timeLimit.setValue("soon");
        assertThat(form.fieldProblems())
                .containsExactly(
                        "The number of CPUs per task must be at least 1.",
                        "The number of GPUs cannot be negative.",
                        "Time limit: " + timeMessage("soon") + ".");
        assertThat(form.cpus.isInvalid()).isTrue();
        assertThat(form.gpus.isInvalid()).isTrue();
        assertThat(form.timeLimit.isInvalid()).isTrue();
        assertThat(form.timeLimit.getErrorMessage()).startsWith("Time limit: ");
        RunRequest r = form.request();
        assertThat(r.cpusPerTask()).as("the planner lists it again at Check").isEqualTo(0);
        assertThat(r.gpus()).isEqualTo(-1);
        assertThat(r.timeLimit()).isEqualTo("soon");

        form.cpus.setValue(2);
        form.gpus.setValue(0);
        form.timeLimit.setValue("1-00:00:00");
        assertThat(form.fieldProblems()).isEmpty();
        assertThat(form.timeLimit.isInvalid()).isFalse();
        assertThat(form.request().timeLimit()).isEqualTo("1-00:00:00");
    }

    @Test
    void every_change_of_what_is_asked_is_reported_once() {
        var form = form();
        var changes = new AtomicInteger();
        form.onChange(changes::incrementAndGet);
        form.team.setValue("team-a");
        form.cpus.setValue(3);
        form.template.setValue(TRAIN);
        assertThat(changes).hasValue(3);
        var epochs =
                (TextField) form.paramForm.getChildren().skip(1).findFirst().orElseThrow();
        epochs.setValue("9");
        assertThat(changes).hasValue(4);
    }

    private static String timeMessage(String text) {
        try {
            io.federa.submission.SlurmTime.parse(text);
            throw new AssertionError(text + " was read as a time");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}

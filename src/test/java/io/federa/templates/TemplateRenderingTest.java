package io.federa.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.templates.TemplateParam.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateRenderingTest {

    static final RunTemplate TRAIN = new RunTemplate(
            "train",
            "Train",
            "",
            """
            #!/bin/bash
            #SBATCH -c {{cpus}}
            python3 train.py --epochs {{epochs}} --lr={{ lr }} --model {{model}} --opt {{optimizer}} --amp={{amp}} \
              --note {{note}}
            """,
            List.of(
                    new TemplateParam("cpus", "CPUs", Type.INT, "1", 1.0, 8.0, true, List.of(), ""),
                    new TemplateParam("epochs", "Epochs", Type.INT, null, 1.0, null, true, List.of(), ""),
                    new TemplateParam("lr", "Learning rate", Type.FLOAT, "0.01", 0.0, 1.0, true, List.of(), ""),
                    new TemplateParam("model", "Model", Type.STRING, "resnet50", null, null, true, List.of(), ""),
                    new TemplateParam(
                            "optimizer",
                            "Optimizer",
                            Type.CHOICE,
                            "adam",
                            null,
                            null,
                            true,
                            List.of("adam", "sgd"),
                            ""),
                    new TemplateParam("amp", "Mixed precision", Type.BOOL, "false", null, null, true, List.of(), ""),
                    new TemplateParam("note", "Note", Type.STRING, null, null, null, false, List.of(), "")),
            null,
            null);

    @Test
    void substitutes_typed_canonical_values_and_defaults() {
        RenderedTemplate r = TemplateRendering.render(
                TRAIN, Map.of("epochs", " 12 ", "lr", "1e-3", "amp", "YES", "optimizer", "sgd", "model", "vit/b-16"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.script())
                .contains("#SBATCH -c 1\n")
                .contains("--epochs 12 --lr=0.001 --model vit/b-16 --opt sgd --amp=true")
                .contains("--note \n");
        assertThat(r.values())
                .containsExactly(
                        Map.entry("cpus", "1"),
                        Map.entry("epochs", "12"),
                        Map.entry("lr", "0.001"),
                        Map.entry("model", "vit/b-16"),
                        Map.entry("optimizer", "sgd"),
                        Map.entry("amp", "true"),
                        Map.entry("note", ""));
    }

    @Test
    void reports_every_bad_value_with_what_to_fix_and_renders_nothing() {
        RenderedTemplate r = TemplateRendering.render(
                TRAIN,
                Map.of("cpus", "9", "lr", "fast", "optimizer", "adamw", "amp", "maybe", "epochs", "1.5", "x", "1"));
        assertThat(r.ok()).isFalse();
        assertThat(r.script()).isEmpty();
        assertThat(r.problems())
                .containsExactlyInAnyOrder(
                        "The template \"Train\" has no parameter \"x\".",
                        "Parameter \"cpus\": 9 is above the maximum 8.",
                        "Parameter \"epochs\": \"1.5\" is not a whole number.",
                        "Parameter \"lr\": \"fast\" is not a number (write e.g. 0.001 or 1e-3).",
                        "Parameter \"optimizer\": \"adamw\" is not one of adam, sgd.",
                        "Parameter \"amp\": \"maybe\" is not true or false.");
        assertThat(TemplateRendering.render(TRAIN, Map.of()).problems())
                .containsExactly("Parameter \"epochs\": a value is required.");
        assertThat(TemplateRendering.render(TRAIN, Map.of("epochs", "0")).problems())
                .containsExactly("Parameter \"epochs\": 0 is below the minimum 1.");
    }

    /** Values are data: nothing that a shell (or the #SBATCH parser, or a heredoc) would read as code. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "$(rm -rf ~)",
                "`id`",
                "a$HOME",
                "x'y",
                "x\"y",
                "line\nrm -rf /",
                "a\rb",
                "a;b",
                "a|b",
                "a&b",
                "a>b",
                "a<b",
                "a\\b",
                "two words",
                "*",
                "a?",
                "[ab]",
                "~root",
                "--output=/etc/passwd",
                "-rf",
                "{{epochs}}",
                "a#b",
                "ünïcode",
                "a\u0000b",
                "a\tb"
            })
    void text_values_that_could_break_out_of_the_script_line_are_refused(String evil) {
        RenderedTemplate r = TemplateRendering.render(TRAIN, Map.of("epochs", "1", "model", evil));
        assertThat(r.ok()).as(evil).isFalse();
        assertThat(r.script()).isEmpty();
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith("Parameter \"model\": ")
                .contains("may use only letters, digits")
                .doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1$(id)", "1`id`", "1;reboot", "1\n#SBATCH -A other", "0x10", "NaN", "Infinity", "1e5000"})
    void numbers_are_numbers_and_nothing_else(String evil) {
        assertThat(TemplateRendering.render(TRAIN, Map.of("epochs", evil)).ok())
                .as(evil)
                .isFalse();
        assertThat(TemplateRendering.render(TRAIN, Map.of("epochs", "1", "lr", evil))
                        .ok())
                .as(evil)
                .isFalse();
    }

    @Test
    void a_choice_or_bool_cannot_smuggle_text_either() {
        assertThat(TemplateRendering.render(TRAIN, Map.of("epochs", "1", "optimizer", "adam;id"))
                        .ok())
                .isFalse();
        assertThat(TemplateRendering.render(TRAIN, Map.of("epochs", "1", "amp", "true`id`"))
                        .ok())
                .isFalse();
    }

    @Test
    void substitution_is_one_pass_so_a_value_is_never_read_as_a_placeholder() {
        var t = new RunTemplate(
                "t",
                "T",
                "",
                "#!/bin/bash\necho {{a}} {{b}}\n",
                List.of(
                        new TemplateParam("a", "a", Type.STRING, "x", null, null, true, List.of(), ""),
                        new TemplateParam("b", "b", Type.STRING, "y", null, null, true, List.of(), "")),
                null,
                null);
        assertThat(TemplateRendering.render(t, Map.of("a", "b")).script()).isEqualTo("#!/bin/bash\necho b y\n");
        // "$" in a replacement would be a group reference to Matcher; values never contain one, and even
        // the template's own "$" signs pass through untouched
        var dollar = new RunTemplate("d", "D", "", "#!/bin/bash\necho \"$HOME\" {{a}} $1\n", t.params(), null, null);
        assertThat(TemplateRendering.render(dollar, Map.of()).script()).isEqualTo("#!/bin/bash\necho \"$HOME\" x $1\n");
    }

    @Test
    void validation_of_a_template_names_each_mistake() {
        var bad = new RunTemplate(
                "Bad Id",
                " ",
                "",
                "echo {{missing}} {{n}}",
                List.of(
                        new TemplateParam("n", "n", Type.INT, "abc", 5.0, 1.0, true, List.of(), ""),
                        new TemplateParam("n", "n", Type.INT, null, null, null, true, List.of(), ""),
                        new TemplateParam("c", "c", Type.CHOICE, null, null, null, true, List.of("ok", "not ok"), ""),
                        new TemplateParam("s", "s", Type.STRING, null, 1.0, null, true, List.of(), "")),
                null,
                null);
        assertThat(TemplateRendering.validate(bad, 64 * 1024))
                .contains(
                        "The id \"Bad Id\" must use only lower-case letters, digits and - (at most 63).",
                        "The template needs a name of at most 200 characters.",
                        "The script must start with an interpreter line such as #!/bin/bash.",
                        "Parameter \"n\": the minimum 5 is above the maximum 1.",
                        "Parameter \"n\": its default \"abc\" is not a whole number.",
                        "Parameter \"n\" is declared twice.",
                        "Parameter \"s\": only int and float parameters take a minimum or maximum.",
                        "The script uses {{missing}}, but the template declares no parameter missing.")
                .anySatisfy(p -> assertThat(p).startsWith("Parameter \"c\": the choice \"not ok\" may use only"));
        assertThat(TemplateRendering.validate(TRAIN, 64 * 1024)).isEmpty();
    }
}

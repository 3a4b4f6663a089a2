package io.federa.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.SweepExpansion;
import io.federa.runs.SweepSpace;
import io.federa.runs.SweepSpec;
import io.federa.runs.SweepTrial;
import io.federa.submission.ScriptDirectives;
import io.federa.submission.SlurmTime;
import io.federa.templates.RenderedTemplate;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRendering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * The parsers of what people type or upload, fuzzed with Jazzer (ADR 27). In the normal test command
 * each target runs in regression mode: the inputs under {@code UserInputFuzzTestInputs/<target>/}
 * (seeds and every finding so far) and an empty one. {@code scripts/fuzz.sh} fuzzes each target for
 * longer. The properties: nothing but the documented refusal is thrown, and what comes out can never
 * leave a shell word (template values, sweep values) or carry an impossible number.
 */
// no input may take 10 s: Jazzer reports a hang as a finding (libFuzzer -timeout)
@Timeout(10)
class UserInputFuzzTest {

    /** What a value substituted into a script or set as a trial's environment may contain: one shell word. */
    static final Pattern SHELL_WORD = Pattern.compile("[A-Za-z0-9_.,:/+=@%-]*");

    @FuzzTest(maxDuration = "30s")
    void sbatch_directives(FuzzedDataProvider data) {
        ScriptDirectives d = ScriptDirectives.parse(data.consumeRemainingAsString());
        for (Integer n : new Integer[] {d.tasks(), d.cpusPerTask(), d.nodes(), d.gpus()}) {
            if (n != null) {
                assertThat(n).isPositive();
            }
        }
        if (d.timeLimit() != null) {
            assertThat(d.timeLimit().minutes()).isNotNegative();
        }
        if (d.gres() != null && d.problems().isEmpty()) {
            assertThat(d.gres()).matches("[A-Za-z0-9_.+:,-]+");
        }
    }

    private static final Pattern HUGE_FIELD = Pattern.compile("(?<![0-9])0*[1-9][0-9]{11,}");

    @FuzzTest(maxDuration = "30s")
    void slurm_time(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        SlurmTime.Limit limit;
        try {
            limit = SlurmTime.parse(text);
        } catch (IllegalArgumentException refused) {
            return; // the documented refusal, in words for people
        }
        // any field of 12 significant digits is at least 10^11 seconds: far past any limit Slurm takes
        assertThat(HUGE_FIELD.matcher(text).find()).as("accepted " + text).isFalse();
        assertThat(limit.minutes()).as(text).isNotNegative();
        if (!limit.unlimited()) {
            assertThat(SlurmTime.parse(SlurmTime.format(limit.minutes())).minutes())
                    .as("read back: " + text)
                    .isEqualTo(limit.minutes());
        }
    }

    private static final RunTemplate TEMPLATE = new RunTemplate(
            "fuzz",
            "Fuzz",
            "",
            "#!/bin/bash\npython train.py --name {{name}} --epochs {{epochs}} --lr {{ lr }} --amp {{amp}} "
                    + "--opt {{opt}}\n",
            List.of(
                    TemplateParam.of("name", TemplateParam.Type.STRING, "run"),
                    new TemplateParam(
                            "epochs", "Epochs", TemplateParam.Type.INT, "3", 1.0, 1000.0, true, List.of(), ""),
                    TemplateParam.of("lr", TemplateParam.Type.FLOAT, "0.01"),
                    TemplateParam.of("amp", TemplateParam.Type.BOOL, "false"),
                    new TemplateParam(
                            "opt",
                            "Optimiser",
                            TemplateParam.Type.CHOICE,
                            "adam",
                            null,
                            null,
                            true,
                            List.of("adam", "sgd"),
                            "")),
            null,
            null);

    @FuzzTest(maxDuration = "30s")
    void template_rendering(FuzzedDataProvider data) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of("name", "epochs", "lr", "amp", "opt")) {
            if (data.consumeBoolean()) {
                values.put(name, data.consumeString(300));
            }
        }
        if (data.consumeBoolean()) {
            values.put(data.consumeString(20), data.consumeString(20));
        }
        RenderedTemplate r = TemplateRendering.render(TEMPLATE, values);
        if (!r.problems().isEmpty()) {
            assertThat(r.script())
                    .as("nothing is rendered while there are problems")
                    .isEmpty();
            return;
        }
        r.values().forEach((k, v) -> assertThat(v).as(k).matches(SHELL_WORD));
        assertThat(r.values().get("name")).doesNotStartWith("-");
        assertThat(r.script().lines()).hasSize(2);
        assertThat(r.script()).doesNotContain("{{");
    }

    @FuzzTest(maxDuration = "30s")
    void template_validation(FuzzedDataProvider data) {
        List<TemplateParam> params = new ArrayList<>();
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            var type = data.pickValue(TemplateParam.Type.values());
            params.add(new TemplateParam(
                    data.consumeString(20),
                    "p",
                    type,
                    data.consumeBoolean() ? data.consumeString(40) : null,
                    data.consumeBoolean() ? data.consumeRegularDouble() : null,
                    data.consumeBoolean() ? data.consumeRegularDouble() : null,
                    data.consumeBoolean(),
                    data.consumeBoolean() ? List.of(data.consumeString(20), data.consumeString(20)) : List.of(),
                    ""));
        }
        var template = new RunTemplate(
                data.consumeString(70),
                data.consumeString(50),
                "",
                data.consumeRemainingAsString(),
                params,
                null,
                null);
        List<String> problems = TemplateRendering.validate(template, 64 * 1024);
        if (problems.isEmpty()) {
            // a template that may be saved renders with its defaults or says what is missing
            RenderedTemplate r = TemplateRendering.render(template, Map.of());
            r.values().forEach((k, v) -> assertThat(v).as(k).matches(SHELL_WORD));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void sweep_space(FuzzedDataProvider data) {
        var strategy = data.pickValue(SweepSpec.Strategy.values());
        int samples = data.consumeInt(-1, 2000);
        long seed = data.consumeLong();
        String text = data.consumeRemainingAsString();
        List<SweepTrial> trials;
        String preamble;
        try {
            SweepSpec spec = SweepSpace.spec(text, strategy, samples, seed);
            trials = SweepExpansion.expand(spec);
            preamble = SweepExpansion.preamble(trials);
            // what the form shows is read back the same
            assertThat(SweepSpace.parse(SweepSpace.format(spec.parameters()))).hasSameSizeAs(spec.parameters());
        } catch (InvalidSweepException refused) {
            return; // the documented refusal, listing every problem
        }
        assertThat(trials).isNotEmpty().hasSizeLessThanOrEqualTo(SweepSpace.MAX_TRIALS);
        for (SweepTrial t : trials) {
            SweepExpansion.environment(t).forEach((k, v) -> {
                assertThat(k).matches("[A-Z][A-Z0-9_]*");
                assertThat(v).as(k).matches(SweepExpansion.SAFE_VALUE);
            });
        }
        // every value is single-quoted in the case table; none can end the quote
        assertThat(preamble).doesNotContain("$(", "`");
    }
}

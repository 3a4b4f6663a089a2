package io.federa.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.runs.SweepParameter.Choice;
import io.federa.runs.SweepParameter.FloatRange;
import io.federa.runs.SweepParameter.IntRange;
import io.federa.runs.SweepParameter.Scale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepExpansionTest {

    @TempDir
    Path dir;

    @Test
    void a_grid_is_the_cartesian_product_with_the_first_parameter_varying_slowest() {
        var spec = SweepSpec.grid(
                List.of(new IntRange("epochs", 1, 3, 2), new Choice("optimizer", List.of("adam", "sgd"))), 100);

        List<SweepTrial> trials = SweepExpansion.expand(spec);

        assertThat(trials).extracting(SweepTrial::index).containsExactly(0, 1, 2, 3);
        assertThat(trials)
                .extracting(SweepTrial::params)
                .containsExactly(
                        Map.of("epochs", "1", "optimizer", "adam"),
                        Map.of("epochs", "1", "optimizer", "sgd"),
                        Map.of("epochs", "3", "optimizer", "adam"),
                        Map.of("epochs", "3", "optimizer", "sgd"));
        assertThat(trials.getFirst().params().keySet())
                .as("in the order of the parameters")
                .containsExactly("epochs", "optimizer");
        assertThat(SweepExpansion.expand(spec)).as("stable").isEqualTo(trials);
    }

    @Test
    void float_ranges_are_spaced_evenly_on_a_linear_or_log_scale_and_printed_plainly() {
        var spec = SweepSpec.grid(
                List.of(
                        new FloatRange("lr", 0.00001, 0.1, 5, Scale.LOG),
                        new FloatRange("dropout", 0.1, 0.3, 3, Scale.LINEAR)),
                100);

        List<SweepTrial> trials = SweepExpansion.expand(spec);

        assertThat(trials).hasSize(15);
        assertThat(trials.stream().map(t -> t.params().get("lr")).distinct())
                .containsExactly("0.00001", "0.0001", "0.001", "0.01", "0.1");
        assertThat(trials.stream().map(t -> t.params().get("dropout")).distinct())
                .as("no 0.30000000000000004")
                .containsExactly("0.1", "0.2", "0.3");
        assertThat(SweepExpansion.format(0.0)).isEqualTo("0");
        assertThat(SweepExpansion.format(-2.5)).isEqualTo("-2.5");
    }

    @Test
    void random_search_is_reproducible_from_its_seed_and_stays_in_the_space() {
        List<SweepParameter> space = List.of(
                new FloatRange("lr", 0.0001, 0.1, 0, Scale.LOG),
                new IntRange("batch", 16, 128, 16),
                new Choice("act", List.of("relu", "gelu", "tanh")));

        List<SweepTrial> first = SweepExpansion.expand(SweepSpec.random(space, 50, 42, 100));
        List<SweepTrial> again = SweepExpansion.expand(SweepSpec.random(space, 50, 42, 100));
        List<SweepTrial> other = SweepExpansion.expand(SweepSpec.random(space, 50, 43, 100));

        assertThat(first).hasSize(50).isEqualTo(again).isNotEqualTo(other);
        assertThat(first).extracting(SweepTrial::index).startsWith(0, 1, 2).endsWith(49);
        assertThat(first).allSatisfy(t -> {
            double lr = Double.parseDouble(t.params().get("lr"));
            assertThat(lr).isBetween(0.0001, 0.1);
            long batch = Long.parseLong(t.params().get("batch"));
            assertThat(batch).isBetween(16L, 128L);
            assertThat(batch % 16).isZero();
            assertThat(t.params().get("act")).isIn("relu", "gelu", "tanh");
        });
        // log-uniform: about as many draws below 0.00316 (the middle exponent) as above
        long low = first.stream()
                .filter(t -> Double.parseDouble(t.params().get("lr")) < 0.00316)
                .count();
        assertThat(low).isBetween(10L, 40L);
    }

    @Test
    void a_grid_over_the_limit_is_refused_with_its_size_and_what_to_do() {
        var spec = SweepSpec.grid(
                List.of(new IntRange("a", 1, 100, 1), new IntRange("b", 1, 100, 1), new Choice("c", List.of("x", "y"))),
                1000);

        assertThatThrownBy(() -> SweepExpansion.expand(spec))
                .isInstanceOf(InvalidSweepException.class)
                .hasMessageContaining("20,000 combinations (a 100 × b 100 × c 2)")
                .hasMessageContaining("more than the limit of 1,000 trials")
                .hasMessageContaining("random search");
        var huge = SweepSpec.grid(
                java.util.stream.IntStream.range(0, 30)
                        .<SweepParameter>mapToObj(i -> new IntRange("p" + i, 0, 999, 1))
                        .toList(),
                1000);
        assertThat(SweepExpansion.gridSize(huge)).isEqualTo(Long.MAX_VALUE);
        assertThat(SweepExpansion.problems(huge)).anySatisfy(p -> assertThat(p).contains("too many combinations"));
    }

    @Test
    void says_everything_wrong_with_a_spec_at_once() {
        var spec = new SweepSpec(
                List.of(
                        new IntRange("9lives", 0, 1, 1),
                        new IntRange("steps", 5, 1, 1),
                        new IntRange("zero", 0, 5, 0),
                        new FloatRange("lr", 0, 1, 3, Scale.LOG),
                        new FloatRange("nan", Double.NaN, 1, 3, Scale.LINEAR),
                        new Choice("opt", List.of()),
                        new Choice("act", List.of("relu", "relu")),
                        new Choice("LR", List.of("x")),
                        new Choice("lr", List.of("y"))),
                SweepSpec.Strategy.GRID,
                0,
                0,
                100);

        assertThat(SweepExpansion.problems(spec))
                .anySatisfy(p -> assertThat(p).contains("\"9lives\" is not valid"))
                .anySatisfy(p -> assertThat(p).contains("steps: the range ends (1) before it starts (5)"))
                .anySatisfy(p -> assertThat(p).contains("zero: the step must be at least 1"))
                .anySatisfy(p -> assertThat(p).contains("must start above 0"))
                .anySatisfy(p -> assertThat(p).contains("nan: both ends must be numbers"))
                .anySatisfy(p -> assertThat(p).contains("opt: give at least one value"))
                .anySatisfy(p -> assertThat(p).contains("act: a value is listed twice"))
                .anySatisfy(p -> assertThat(p).contains("would both be FEDERA_PARAM_LR"));
        assertThat(SweepExpansion.problems(SweepSpec.random(List.of(new IntRange("a", 0, 9, 1)), 0, 1, 10)))
                .containsExactly("Random search takes 1 to 10 trials, not 0.");
        assertThat(SweepExpansion.problems(SweepSpec.grid(List.of(), 10)))
                .containsExactly("A sweep needs at least one parameter.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "it's",
                "a\"b",
                "$(touch /tmp/federa-pwned)",
                "`touch /tmp/federa-pwned`",
                "x;touch /tmp/federa-pwned",
                "line\nbreak",
                "two words",
                "${HOME}",
                "a|b",
                "a&b",
                "",
                "back\\slash"
            })
    void refuses_values_outside_the_safe_set(String value) {
        var spec = SweepSpec.grid(List.of(new Choice("opt", List.of("adam", value))), 10);

        assertThat(SweepExpansion.problems(spec))
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .startsWith("Parameter opt: the value")
                        .contains("no spaces, quotes, $, backticks or line breaks")
                        .doesNotContain("\n"));
        // a trial built by hand is checked again when it becomes shell text
        assertThatThrownBy(() -> SweepExpansion.preamble(List.of(new SweepTrial(0, Map.of("opt", value)))))
                .isInstanceOf(InvalidSweepException.class);
    }

    @Test
    void names_become_upper_cased_federa_param_variables() {
        assertThat(SweepExpansion.environmentName("learning_rate")).isEqualTo("FEDERA_PARAM_LEARNING_RATE");
        assertThat(SweepExpansion.environment(new SweepTrial(3, Map.of("lr", "0.1"))))
                .containsExactly(Map.entry("FEDERA_TRIAL_INDEX", "3"), Map.entry("FEDERA_PARAM_LR", "0.1"));
        assertThatThrownBy(() -> SweepExpansion.environmentName("a-b")).isInstanceOf(InvalidSweepException.class);
        assertThatThrownBy(() -> SweepExpansion.environmentName("x=1 y")).isInstanceOf(InvalidSweepException.class);
    }

    @Test
    void the_job_array_has_one_task_per_trial() {
        List<SweepTrial> trials = SweepExpansion.expand(SweepSpec.grid(List.of(new IntRange("a", 1, 6, 1)), 10));

        assertThat(SweepExpansion.jobArray(trials, null).spec()).isEqualTo("0-5");
        assertThat(SweepExpansion.jobArray(trials, 2).spec()).isEqualTo("0-5%2");
        assertThatThrownBy(() -> SweepExpansion.jobArray(List.of(new SweepTrial(1, Map.of())), null))
                .hasMessageContaining("numbered 0, 1, 2");
    }

    @Test
    void each_array_task_gets_its_own_trial_from_the_preamble_when_bash_runs_it() throws Exception {
        List<SweepTrial> trials = SweepExpansion.expand(SweepSpec.grid(
                List.of(new FloatRange("lr", 0.001, 0.1, 3, Scale.LOG), new Choice("opt", List.of("adam", "s/g:d=1"))),
                10));
        String script = SweepExpansion.withPreamble(
                "#!/bin/bash\n#SBATCH --time=5\n\necho \"$FEDERA_TRIAL_INDEX $FEDERA_PARAM_LR $FEDERA_PARAM_OPT\"\n",
                trials);

        for (SweepTrial trial : trials) {
            assertThat(bash(script, Integer.toString(trial.index())).output())
                    .isEqualTo(trial.index() + " " + trial.params().get("lr") + " "
                            + trial.params().get("opt") + "\n");
        }
        Run none = bash(script, "6");
        assertThat(none.exit()).isEqualTo(SweepExpansion.NO_TRIAL_EXIT);
        assertThat(none.output()).contains("array task '6' has no trial");
        assertThat(bash(script, "").exit()).isEqualTo(SweepExpansion.NO_TRIAL_EXIT);
    }

    @Test
    void quoting_keeps_even_hostile_text_data_when_bash_reads_it() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> hostile = List.of(
                "$(touch " + marker + ")",
                "`touch " + marker + "`",
                "'; touch " + marker + "; echo '",
                "\"; touch " + marker + "; echo \"",
                "a\ntouch " + marker,
                "${IFS}$((1+1))\\'\\",
                "");
        for (String value : hostile) {
            Run run = bash("V=" + SweepExpansion.quote(value) + "\nprintf %s \"$V\"\n", "0");
            assertThat(run.output()).isEqualTo(value);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void the_preamble_goes_after_the_shebang_and_the_sbatch_directives() {
        List<SweepTrial> trials = List.of(new SweepTrial(0, Map.of("a", "1")));
        String preamble = SweepExpansion.preamble(trials);

        assertThat(SweepExpansion.withPreamble("#!/bin/bash\n#SBATCH -n 1\n\n# setup\npython train.py\n", trials))
                .isEqualTo("#!/bin/bash\n#SBATCH -n 1\n\n# setup\n" + preamble + "python train.py\n");
        assertThat(SweepExpansion.withPreamble("#!/bin/bash\n#SBATCH -n 1", trials))
                .isEqualTo("#!/bin/bash\n#SBATCH -n 1\n" + preamble);
        assertThat(SweepExpansion.withPreamble("#!/bin/bash\n", trials)).isEqualTo("#!/bin/bash\n" + preamble);
        assertThat(preamble).contains("0) export FEDERA_TRIAL_INDEX='0' FEDERA_PARAM_A='1' ;;");
    }

    @Test
    void what_differs_per_task_besides_parameters_goes_into_the_table_too() throws Exception {
        List<SweepTrial> trials = SweepExpansion.expand(SweepSpec.grid(List.of(new IntRange("seed", 1, 2, 1)), 10));
        Map<Integer, Map<String, String>> perTask = Map.of(
                0, Map.of("FEDERA_RUN_ID", "r-aaaa", "FEDERA_TOKEN", "frt_a-b_c"),
                1, Map.of("FEDERA_RUN_ID", "r-bbbb", "FEDERA_TOKEN", "frt_d-e_f"));
        String script = SweepExpansion.withPreamble(
                "#!/bin/bash\necho \"$FEDERA_RUN_ID $FEDERA_TOKEN $FEDERA_PARAM_SEED\"\n", trials, perTask);

        assertThat(bash(script, "1").output()).isEqualTo("r-bbbb frt_d-e_f 2\n");
        assertThatThrownBy(() -> SweepExpansion.preamble(trials, Map.of(0, Map.of("FEDERA_TOKEN", "a b"))))
                .isInstanceOf(InvalidSweepException.class);
        assertThatThrownBy(() -> SweepExpansion.preamble(trials, Map.of(0, Map.of("bad name", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SweepExpansion.preamble(trials, Map.of(0, Map.of("FEDERA_PARAM_SEED", "9"))))
                .as("a parameter is not overridden")
                .isInstanceOf(IllegalArgumentException.class);
    }

    record Run(int exit, String output) {}

    private Run bash(String script, String taskId) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("job.sh"), script);
        var pb = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", taskId);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}

package io.federa.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.SlurmPartition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptDirectivesTest {

    private static final List<SlurmPartition> PARTITIONS = List.of(
            new SlurmPartition("debug", "UP", true, 1, 2, "n1", 60, null, null),
            new SlurmPartition("long", "UP", false, 1, 2, "n1", null, null, null));

    @Test
    void reads_long_and_short_forms_with_and_without_equals() {
        var d = ScriptDirectives.parse("""
                #!/bin/bash
                #SBATCH --cpus-per-task=4
                #SBATCH -n 2
                #SBATCH -N1
                #SBATCH --gres=gpu:a100:2
                #SBATCH -p debug   # the small one
                #SBATCH --time 1:30:00
                #SBATCH -J train
                #SBATCH --output=logs/%j.out --exclusive
                # SBATCH --ntasks=99 is a comment
                echo hi
                #SBATCH --ntasks=7 comes after the first command and is ignored
                """);
        assertThat(d.problems()).isEmpty();
        assertThat(d.cpusPerTask()).isEqualTo(4);
        assertThat(d.tasks()).isEqualTo(2);
        assertThat(d.nodes()).isEqualTo(1);
        assertThat(d.gres()).isEqualTo("gpu:a100:2");
        assertThat(d.gpus()).isEqualTo(2);
        assertThat(d.partition()).isEqualTo("debug");
        assertThat(d.timeLimit()).isEqualTo(new SlurmTime.Limit(90, false));
        assertThat(d.jobName()).isEqualTo("train");
        assertThat(d.output()).isEqualTo("logs/%j.out");
        assertThat(d.exclusive()).isTrue();
        assertThat(d.directives()).hasSize(9);
    }

    @Test
    void gpus_option_and_short_c_attached() {
        var d = ScriptDirectives.parse("#!/bin/sh\n#SBATCH -c8 --gpus=3\n");
        assertThat(d.cpusPerTask()).isEqualTo(8);
        assertThat(d.gpus()).isEqualTo(3);
        assertThat(d.gres()).isEqualTo("gpu:3");
    }

    @Test
    void every_slurm_time_format() {
        assertThat(SlurmTime.parse("90").minutes()).isEqualTo(90);
        assertThat(SlurmTime.parse("5:30").minutes()).isEqualTo(6); // seconds round up
        assertThat(SlurmTime.parse("2:00:00").minutes()).isEqualTo(120);
        assertThat(SlurmTime.parse("1-0").minutes()).isEqualTo(1440);
        assertThat(SlurmTime.parse("1-2").minutes()).isEqualTo(1560);
        assertThat(SlurmTime.parse("1-2:30").minutes()).isEqualTo(1590);
        assertThat(SlurmTime.parse("1-02:30:01").minutes()).isEqualTo(1591);
        assertThat(SlurmTime.parse("UNLIMITED").unlimited()).isTrue();
        assertThat(SlurmTime.parse("infinite").unlimited()).isTrue();
        assertThatThrownBy(() -> SlurmTime.parse("1:2:3:4")).hasMessageContaining("not a Slurm time limit");
        assertThatThrownBy(() -> SlurmTime.parse("soon")).hasMessageContaining("D-HH:MM:SS");
        assertThat(SlurmTime.format(1591)).isEqualTo("1-02:31:00");
    }

    @Test
    void account_and_comment_are_overridden_and_unknown_options_reported_in_words() {
        var d = ScriptDirectives.parse("#!/bin/bash\n#SBATCH -A other --comment=x\n#SBATCH --mem=4G\n");
        assertThat(d.notes())
                .anySatisfy(n -> assertThat(n).contains("--account=other is replaced"))
                .anySatisfy(n -> assertThat(n).contains("--comment is replaced"))
                .anySatisfy(n -> assertThat(n).contains("--mem=4G is not passed to Slurm"));
    }

    @Test
    void bad_values_are_problems_with_the_line() {
        var d = ScriptDirectives.parse("#!/bin/bash\n#SBATCH -c zero\n#SBATCH --time=tomorrow\n#SBATCH -p a,b\n");
        assertThat(d.problems())
                .anySatisfy(p -> assertThat(p).startsWith("line 2: --cpus-per-task needs a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("line 3: --time"))
                .anySatisfy(p -> assertThat(p).contains("several partitions"));
    }

    @Test
    void form_values_replace_the_script_and_say_so() {
        var plan = plan(new RunRequest(
                "team-a",
                "c1",
                "#!/bin/bash\n#SBATCH -c 2\n#SBATCH -t 30\n#SBATCH -J a\n",
                null,
                4,
                null,
                null,
                "45",
                null,
                null,
                Map.of("lr", "0.1")));
        assertThat(plan.ok()).isTrue();
        assertThat(plan.resources().cpusPerTask()).isEqualTo(4);
        assertThat(plan.resources().timeLimitMinutes()).isEqualTo(45);
        assertThat(plan.resources().jobName()).isEqualTo("a");
        assertThat(plan.resources().partition()).isNull();
        assertThat(plan.notes())
                .anySatisfy(n -> assertThat(n)
                        .isEqualTo("The form's 4 CPUs per task replace the script's " + "--cpus-per-task=2."))
                .anySatisfy(n -> assertThat(n).contains("time limit 45 replaces the script's --time"));
    }

    @Test
    void refuses_unknown_partition_and_time_above_the_partitions_maximum() {
        var unknown = plan(RunRequest.of("t", "c1", "#!/bin/bash\n#SBATCH -p gpu\n"));
        assertThat(unknown.problems())
                .containsExactly("line 2: The cluster has no partition \"gpu\"; it has: debug, long.");
        var tooLong = plan(RunRequest.of("t", "c1", "#!/bin/bash\n#SBATCH -t 2:00:00\n"));
        assertThat(tooLong.problems())
                .containsExactly("line 2: A time limit of 02:00:00 (120 minutes) is more than partition debug allows: "
                        + "at most 01:00:00 (60 minutes).");
        var unlimited = plan(RunRequest.of("t", "c1", "#!/bin/bash\n#SBATCH -t UNLIMITED\n"));
        assertThat(unlimited.problems().getFirst()).contains("no time limit, but partition debug allows at most");
        assertThat(plan(RunRequest.of("t", "c1", "#!/bin/bash\n#SBATCH -p long -t 3-0\n"))
                        .ok())
                .isTrue();
    }

    @Test
    void a_partition_or_time_problem_names_the_script_line_only_when_the_scripts_value_is_used() {
        String script = "#!/bin/bash\n#SBATCH --cpus-per-task=1\n#SBATCH -p debug\n#SBATCH --partition=gpu\n";
        assertThat(plan(RunRequest.of("t", "c1", script)).problems())
                .containsExactly("line 4: The cluster has no partition \"gpu\"; it has: debug, long.");
        var formPartition = plan(new RunRequest(
                "t", "c1", script, null, null, null, "nope", null, null, null, Map.of(), null, Map.of()));
        assertThat(formPartition.problems())
                .containsExactly("The cluster has no partition \"nope\"; it has: debug, long.");
        var formTime = plan(new RunRequest(
                "t",
                "c1",
                "#!/bin/bash\n#SBATCH -t 10\n",
                null,
                null,
                null,
                null,
                "2:00:00",
                null,
                null,
                Map.of(),
                null,
                Map.of()));
        assertThat(formTime.problems().getFirst()).startsWith("A time limit of 02:00:00");
    }

    @Test
    void refuses_oversized_binary_and_shebangless_scripts() {
        String big = "#!/bin/bash\n" + "#".repeat(64 * 1024);
        assertThat(plan(RunRequest.of("t", "c1", big)).problems().getFirst())
                .startsWith("The script is 64.0 KiB; the portal accepts scripts of at most 64 KiB.");
        assertThat(plan(RunRequest.of("t", "c1", "#!/bin/bash\n\0\0")).problems())
                .containsExactly("The script contains NUL bytes: it looks like a binary file, not a shell script.");
        assertThat(plan(RunRequest.of("t", "c1", "echo hi\n")).problems().getFirst())
                .startsWith("The script must start with an interpreter line");
        assertThatThrownBy(() -> RunPlanner.decodeScript(new byte[] {'#', '!', (byte) 0xC3, (byte) 0x28}, 1024))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("not UTF-8 text");
        assertThat(RunPlanner.decodeScript("#!/bin/sh\necho é\n".getBytes(StandardCharsets.UTF_8), 1024))
                .contains("é");
    }

    @Test
    void refuses_bad_params_names_and_commits() {
        var plan = plan(new RunRequest(
                "t",
                "c1",
                "#!/bin/bash\n",
                null,
                null,
                null,
                null,
                null,
                "bad name",
                "not-a-sha",
                Map.of("ok_1", "v", "1bad", "v", "semi;colon", "x")));
        assertThat(plan.problems())
                .anySatisfy(p -> assertThat(p).startsWith("The job name \"bad name\""))
                .anySatisfy(p -> assertThat(p).contains("git commit \"not-a-sha\""))
                .anySatisfy(p -> assertThat(p).contains("param name \"1bad\""))
                .anySatisfy(p -> assertThat(p).contains("param name \"semi;colon\""));
    }

    @Test
    void tokens_respect_quotes_and_comments_without_a_shell() {
        assertThat(ScriptDirectives.tokens(" -J 'my job' --output=\"a b.out\" # $(rm -rf /)"))
                .containsExactly("-J", "my job", "--output=a b.out");
    }

    private static RunPlan plan(RunRequest request) {
        return RunPlanner.plan(request, PARTITIONS, 64 * 1024, "/tmp");
    }
}

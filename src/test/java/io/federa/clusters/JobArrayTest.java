package io.federa.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobArrayTest {

    @Test
    void reads_indices_ranges_steps_and_the_limit_of_tasks_at_once() {
        assertThat(JobArray.parse("0-5").indices()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(JobArray.parse("0-5").maxRunning()).isNull();
        assertThat(JobArray.parse("1,3,7").indices()).containsExactly(1, 3, 7);
        assertThat(JobArray.parse("0-10:3").indices()).containsExactly(0, 3, 6, 9);
        assertThat(JobArray.parse("7").indices()).containsExactly(7);
        JobArray limited = JobArray.parse(" 0-99%4 ");
        assertThat(limited.spec()).isEqualTo("0-99%4");
        assertThat(limited.taskCount()).isEqualTo(100);
        assertThat(limited.maxRunning()).isEqualTo(4);
        assertThat(JobArray.parse("5,0-2,2").indices()).as("sorted, no repeats").containsExactly(0, 1, 2, 5);
    }

    @Test
    void builds_the_spec_for_a_number_of_tasks() {
        assertThat(JobArray.ofCount(6, null).spec()).isEqualTo("0-5");
        assertThat(JobArray.ofCount(6, 2).spec()).isEqualTo("0-5%2");
        assertThat(JobArray.ofCount(1, null).spec()).isEqualTo("0");
        assertThatThrownBy(() -> JobArray.ofCount(0, null)).hasMessageContaining("1 to 10000 tasks");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "abc",
                "0-",
                "-1",
                "5-2",
                "0-5:0",
                "0-5%",
                "0-5%0",
                "0-5%x",
                "1,,2",
                "0 - 5",
                "0-5;rm -rf /",
                "$(id)",
                "`id`",
                "0-5\n6",
                "4000001",
                "0-9999999",
                "0-20000",
                "1.5"
            })
    void refuses_anything_else_with_a_message_that_says_what_to_write(String spec) {
        assertThat(JobArray.problem(spec))
                .hasValueSatisfying(m -> assertThat(m)
                        .containsAnyOf("0-5%2", "longer", "up to", "more than", "ends before", "at least 1"));
        assertThatThrownBy(() -> JobArray.parse(spec)).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobArray.problem(spec).orElseThrow()).doesNotContain("\n");
    }

    @Test
    void a_submission_checks_its_array_and_keeps_old_constructors() {
        var plain = new JobSubmission("s", "n", "a", null, 1, 1, null, "/tmp", null, "c", Map.of());
        var withNodes = new JobSubmission("s", "n", "a", null, 1, 1, null, "/tmp", null, "c", Map.of(), 2, null, false);

        assertThat(plain.array()).isNull();
        assertThat(withNodes.array()).isNull();
        assertThat(plain.withArray(" 0-5%2").array()).isEqualTo("0-5%2");
        assertThat(plain.withArray("  ").array()).isNull();
        assertThatThrownBy(() -> plain.withArray("0-5;reboot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"0-5;reboot\" is not valid");
    }
}

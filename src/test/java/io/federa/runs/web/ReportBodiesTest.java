package io.federa.runs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.runs.internal.ReportRefusedException;
import org.junit.jupiter.api.Test;

class ReportBodiesTest {

    @Test
    void log_text_is_split_into_lines_as_jobs_send_it() {
        assertThat(ReportBodies.lines("a\nb\r\nc\n", 10)).containsExactly("a", "b", "c");
        assertThat(ReportBodies.lines("a\n\nb", 10)).containsExactly("a", "", "b");
        assertThat(ReportBodies.lines("one", 10)).containsExactly("one");
        assertThat(ReportBodies.lines("", 10)).containsExactly("");
        assertThat(ReportBodies.lines("x\r\n", 10)).containsExactly("x");
    }

    @Test
    void more_lines_than_a_request_may_carry_are_refused_while_splitting() {
        assertThat(ReportBodies.lines("1\n2\n3\n", 3)).hasSize(3);
        assertThatThrownBy(() -> ReportBodies.lines("1\n2\n3\n4", 3))
                .isInstanceOfSatisfying(
                        ReportRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReportRefusedException.Kind.TOO_LARGE))
                .hasMessageContaining("at most 3 log lines");
    }
}

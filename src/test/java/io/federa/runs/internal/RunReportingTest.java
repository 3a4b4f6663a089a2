package io.federa.runs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunReportingTest {

    @Test
    void a_job_repeating_a_recorded_value_repeats_it_as_text_or_as_an_equal_number() {
        assertThat(RunReporting.sameValue("adam", "adam")).isTrue();
        assertThat(RunReporting.sameValue("0.0001", "1.0E-4"))
                .as("Java's Double text")
                .isTrue();
        assertThat(RunReporting.sameValue("3", "3.0")).isTrue();
        assertThat(RunReporting.sameValue("0.1", "0.10")).isTrue();
        assertThat(RunReporting.sameValue("0.1", "0.2")).isFalse();
        assertThat(RunReporting.sameValue("adam", "Adam")).isFalse();
        assertThat(RunReporting.sameValue("3", null)).isFalse();
    }
}

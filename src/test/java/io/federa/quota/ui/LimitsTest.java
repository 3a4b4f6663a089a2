package io.federa.quota.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.quota.InvalidQuotaException;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void empty_means_no_limit_and_whole_numbers_of_zero_or_more_are_limits() {
        assertThat(Limits.parse("Max CPUs", "")).isNull();
        assertThat(Limits.parse("Max CPUs", "   ")).isNull();
        assertThat(Limits.parse("Max CPUs", null)).isNull();
        assertThat(Limits.parse("Max CPUs", " 8 ")).isEqualTo(8);
        assertThat(Limits.parse("Max CPUs", "0")).isZero();
    }

    @Test
    void anything_else_is_refused_naming_the_field() {
        for (String bad : new String[] {"-1", "1.5", "ten", "1e3", "99999999999"}) {
            assertThatThrownBy(() -> Limits.parse("Max GPUs at once", bad))
                    .isInstanceOf(InvalidQuotaException.class)
                    .hasMessage("Max GPUs at once: enter a whole number of 0 or more (like 8), or leave it empty "
                            + "for no limit; \"" + bad + "\" is not one.");
        }
    }

    @Test
    void in_use_is_shown_against_the_limit() {
        assertThat(Limits.used(3, 8)).isEqualTo("3 of 8");
        assertThat(Limits.used(3, null)).isEqualTo("3 (no limit)");
    }
}

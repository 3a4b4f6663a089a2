package io.federa.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void binary_and_decimal_suffixes_compare_by_amount() {
        assertThat(Quantities.same("1Gi", "1024Mi")).isTrue();
        assertThat(Quantities.same("1", "1000m")).isTrue();
        assertThat(Quantities.same("1.5", "1500m")).isTrue();
        assertThat(Quantities.same("1k", "1000")).isTrue();
        assertThat(Quantities.same("1e3", "1k")).isTrue();
        assertThat(Quantities.same("16Gi", "16G")).isFalse();
        assertThat(Quantities.same("8", "9")).isFalse();
    }

    @Test
    void an_integer_written_by_kubectl_equals_the_same_string() {
        assertThat(Quantities.same(2, "2")).isTrue();
        assertThat(Quantities.same(2L, "2000m")).isTrue();
    }

    @Test
    void no_limit_equals_only_no_limit() {
        assertThat(Quantities.same(null, null)).isTrue();
        assertThat(Quantities.same(null, "1")).isFalse();
        assertThat(Quantities.same("1", null)).isFalse();
    }

    @Test
    void what_the_grammar_does_not_know_compares_as_text() {
        assertThat(Quantities.parse("4GB")).isEmpty();
        assertThat(Quantities.same("4GB", "4GB")).isTrue();
        assertThat(Quantities.same("4GB", "4G")).isFalse();
        assertThat(Quantities.parse("500m")).contains(new BigDecimal("0.500"));
    }
}

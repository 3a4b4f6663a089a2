package io.federa.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.shared.NotAllowedException;
import org.junit.jupiter.api.Test;

class GlobalErrorHandlerTest {

    private final GlobalErrorHandler handler = new GlobalErrorHandler();

    @Test
    void shows_expected_failures_in_their_own_words_even_when_wrapped() {
        var wrapped =
                new RuntimeException("listener failed", new NotAllowedException("Only team members may do that."));
        assertThat(handler.messageFor(wrapped)).isEqualTo("Only team members may do that.");
    }

    @Test
    void hides_internals_of_unexpected_failures_behind_an_incident_reference() {
        String shown = handler.messageFor(new IllegalStateException("password=hunter2 at db host x"));
        assertThat(shown).contains("incident").doesNotContain("hunter2").doesNotContain("IllegalState");
    }
}

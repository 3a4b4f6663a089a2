package io.federa.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptEditorTest {

    @Test
    void messages_that_name_a_line_go_on_that_line_and_the_others_stay_off_the_script() {
        var marks = ScriptEditor.onTheirLines(
                List.of(
                        "line 3: The cluster has no partition \"nope\"; it has: debug.",
                        "c1: line 12: A time limit of 02:00:00 is more than partition debug allows",
                        "Choose a team.",
                        "line 99999999999: too far"),
                ScriptEditor.Severity.ERROR);
        assertThat(marks).extracting(ScriptEditor.Mark::line).containsExactly(3, 12);
        assertThat(marks.getFirst().message()).startsWith("line 3: The cluster has no partition");
        assertThat(marks).allMatch(m -> m.severity() == ScriptEditor.Severity.ERROR);
    }
}

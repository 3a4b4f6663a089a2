package io.federa.jobs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run as it would be submitted, checked but not sent: what the script asks for, what the portal
 * would send, and, in plain words, what it overrides ({@code notes}) and what must be fixed first
 * ({@code problems}; while there are any, submitting is refused).
 *
 * @param resources null when the problems leave nothing to send
 */
public record RunPlan(
        ScriptDirectives directives, @Nullable RunResources resources, List<String> notes, List<String> problems) {

    public RunPlan {
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty() && resources != null;
    }
}

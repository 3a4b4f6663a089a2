package io.federa.submission;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run as it would be submitted, checked but not sent: what the script asks for, what the portal
 * would send, and, in plain words, what it overrides ({@code notes}) and what must be fixed first
 * ({@code problems}; while there are any, submitting is refused).
 *
 * @param resources null when the problems leave nothing to send
 * @param script the script as it would be sent (a template's rendered script); empty when unknown
 * @param cluster the cluster it would go to (the router's choice for "any"); null when none
 * @param routing every cluster considered, with why it was chosen or excluded (and the team's quota
 *     there); null when the request could not be routed at all
 */
public record RunPlan(
        ScriptDirectives directives,
        @Nullable RunResources resources,
        List<String> notes,
        List<String> problems,
        String script,
        @Nullable String cluster,
        @Nullable RouteDecision routing) {

    public RunPlan {
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    public RunPlan(
            ScriptDirectives directives, @Nullable RunResources resources, List<String> notes, List<String> problems) {
        this(directives, resources, notes, problems, "", null, null);
    }

    public boolean ok() {
        return problems.isEmpty() && resources != null;
    }
}

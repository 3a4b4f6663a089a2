package io.federa.templates;

import java.util.List;
import java.util.Map;

/**
 * A template with values filled in, or the reasons it cannot be.
 *
 * @param script the script as it would be submitted; empty while there are problems
 * @param values every parameter's value as substituted (defaults included), in template order
 * @param problems one sentence per bad value, saying what to fix
 */
public record RenderedTemplate(String script, Map<String, String> values, List<String> problems) {

    public RenderedTemplate {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}

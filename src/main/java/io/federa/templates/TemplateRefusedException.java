package io.federa.templates;

import io.federa.shared.UserFacingException;
import java.util.List;

/** A template could not be saved; {@link #problems()} says what to fix. */
public class TemplateRefusedException extends UserFacingException {

    private final List<String> problems;

    public TemplateRefusedException(List<String> problems) {
        super("The template was not saved: " + String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

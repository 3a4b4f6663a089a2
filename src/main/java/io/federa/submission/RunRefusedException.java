package io.federa.submission;

import io.federa.shared.UserFacingException;
import java.util.List;

/** A run was refused before anything reached Slurm; {@link #problems()} says what to fix. */
public class RunRefusedException extends UserFacingException {

    private final List<String> problems;

    public RunRefusedException(List<String> problems) {
        super("The run was not submitted: " + String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public RunRefusedException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}

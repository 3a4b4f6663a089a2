package io.federa.runs;

import io.federa.shared.UserFacingException;
import java.util.List;

/** A sweep was refused before anything reached Slurm; {@link #problems()} says what to fix. */
public class InvalidSweepException extends UserFacingException {

    private final List<String> problems;

    public InvalidSweepException(List<String> problems) {
        super("The sweep cannot run: " + String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSweepException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}

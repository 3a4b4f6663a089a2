package io.federa.notebooks;

import io.federa.shared.UserFacingException;
import java.util.List;

/** A notebook cannot be started or changed as asked; the message says why, in plain words. */
public class NotebookRefusedException extends UserFacingException {

    private final List<String> problems;
    private final int status;

    public NotebookRefusedException(String userMessage) {
        this(userMessage, List.of(), 422);
    }

    public NotebookRefusedException(List<String> problems) {
        this(String.join(" ", problems), problems, 422);
    }

    private NotebookRefusedException(String userMessage, List<String> problems, int status) {
        super(userMessage);
        this.problems = List.copyOf(problems);
        this.status = status;
    }

    /** It conflicts with the notebook's state (e.g. stopping a stopped one): 409. */
    public static NotebookRefusedException conflict(String userMessage) {
        return new NotebookRefusedException(userMessage, List.of(), 409);
    }

    @Override
    public int problemStatus() {
        return status;
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}

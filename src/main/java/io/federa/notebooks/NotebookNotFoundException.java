package io.federa.notebooks;

import io.federa.shared.UserFacingException;

/**
 * There is no such notebook for the caller: also what a team mate gets for another person's notebook
 * (its existence is not theirs to know).
 */
public class NotebookNotFoundException extends UserFacingException {

    public NotebookNotFoundException(String id) {
        super("There is no notebook " + id + ".");
    }

    @Override
    public int problemStatus() {
        return 404;
    }
}

package io.federa.models;

import io.federa.shared.UserFacingException;

/**
 * No such model, version, request or deployment — or one of a team the user may not act for: the
 * two are indistinguishable (404).
 */
public class ModelNotFoundException extends UserFacingException {

    public ModelNotFoundException(String what) {
        super("There is no " + what + ".");
    }

    @Override
    public int problemStatus() {
        return 404;
    }
}

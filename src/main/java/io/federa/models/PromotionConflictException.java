package io.federa.models;

import io.federa.shared.UserFacingException;

/** The request's state does not allow it (already decided, withdrawn, nothing to promote): 409. */
public class PromotionConflictException extends UserFacingException {

    public PromotionConflictException(String userMessage) {
        super(userMessage);
    }

    @Override
    public int problemStatus() {
        return 409;
    }
}

package io.federa.access;

import io.federa.shared.UserFacingException;

/** Apply was refused because the plan is no longer the one the admin previewed. */
public class PlanChangedException extends UserFacingException {

    public PlanChangedException(String userMessage) {
        super(userMessage);
    }

    @Override
    public int problemStatus() {
        return 409;
    }
}

package io.federa.quota;

import io.federa.shared.UserFacingException;

/** A submission would take a team over its quota; the message says which limit and what is left. */
public class QuotaExceededException extends UserFacingException {

    public QuotaExceededException(String userMessage) {
        super(userMessage);
    }

    @Override
    public int problemStatus() {
        return 409;
    }
}

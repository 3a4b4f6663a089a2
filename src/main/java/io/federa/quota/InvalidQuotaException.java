package io.federa.quota;

import io.federa.shared.UserFacingException;

/** A quota an admin entered is not valid; the message says which field and why. */
public class InvalidQuotaException extends UserFacingException {

    public InvalidQuotaException(String userMessage) {
        super(userMessage);
    }
}

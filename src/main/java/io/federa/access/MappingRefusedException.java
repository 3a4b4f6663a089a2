package io.federa.access;

import io.federa.shared.UserFacingException;

/** A cluster-permission mapping was refused; the message says why and what to do. */
public class MappingRefusedException extends UserFacingException {

    public MappingRefusedException(String userMessage) {
        super(userMessage);
    }
}

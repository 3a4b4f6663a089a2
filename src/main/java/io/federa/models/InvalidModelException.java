package io.federa.models;

import io.federa.shared.UserFacingException;

/** Input the registry refuses (a bad name, an unknown format, an artifact that does not exist): 400. */
public class InvalidModelException extends UserFacingException {

    public InvalidModelException(String userMessage) {
        super(userMessage);
    }
}

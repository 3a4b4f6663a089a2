package io.federa.clusters;

import io.federa.shared.UserFacingException;

/** An admin's cluster settings were refused; the message says what to fix. */
public class InvalidClusterSettingsException extends UserFacingException {

    public InvalidClusterSettingsException(String userMessage) {
        super(userMessage);
    }
}

package io.federa.kubernetes;

import io.federa.shared.UserFacingException;

/** A Kubernetes cluster's settings (or a change of access) are wrong; the message says which and why. */
public class InvalidKubernetesSettingsException extends UserFacingException {

    public InvalidKubernetesSettingsException(String userMessage) {
        super(userMessage);
    }
}

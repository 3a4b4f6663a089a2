package io.federa.identity.internal;

import io.federa.shared.UserFacingException;

/** A login refused because its account and user name do not match what the portal knows (ADR 18). */
class LoginRefusedException extends UserFacingException {

    /** The OAuth2 error code the login failure handler recognises. */
    static final String ERROR_CODE = "federa_login_refused";

    LoginRefusedException(String userMessage) {
        super(userMessage);
    }
}

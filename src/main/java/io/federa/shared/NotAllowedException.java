package io.federa.shared;

/** The current user may not do what they asked; the message says what, never why in internal terms. */
public class NotAllowedException extends UserFacingException {

    public NotAllowedException(String userMessage) {
        super(userMessage);
    }

    @Override
    public int problemStatus() {
        return 403;
    }
}

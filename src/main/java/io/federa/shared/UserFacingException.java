package io.federa.shared;

/**
 * An expected failure whose message is written for the person who caused it ("quota exceeded",
 * "cluster unavailable"). Views show the message as is; the global error handler does too. Anything
 * else that escapes is treated as a bug: logged with an incident id, shown without details.
 */
public abstract class UserFacingException extends RuntimeException {

    protected UserFacingException(String userMessage) {
        super(userMessage);
    }

    protected UserFacingException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }

    public String userMessage() {
        return getMessage();
    }
}

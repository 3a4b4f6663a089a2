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

    /**
     * The HTTP status a REST call answers with when this escapes (as {@code application/problem+json},
     * see {@code ProblemDetails}): 400 unless the kind of failure says otherwise (403 not allowed, 404
     * not found, 409 conflicts with the current state, 503 a cluster cannot be reached).
     */
    public int problemStatus() {
        return 400;
    }

    /** The individual problems to fix, when there are several (listed in the problem response). */
    public java.util.List<String> problems() {
        return java.util.List.of();
    }
}

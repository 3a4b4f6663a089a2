package io.federa.runs.internal;

import io.federa.shared.UserFacingException;

/** A job's report was refused; {@link #kind()} says why, for the answer's status. */
public class ReportRefusedException extends UserFacingException {

    /** Why a report was refused. */
    public enum Kind {
        /** The report is malformed (400). */
        INVALID,
        /** The token's run is not the run written to (403). */
        NOT_OWN_RUN,
        /** It would change what the portal recorded at submit (409). */
        PORTAL_SET,
        /** One request carries more than a request may (413). */
        TOO_LARGE,
        /** The run's or the team's storage quota is used up (429). */
        QUOTA
    }

    private final Kind kind;

    public ReportRefusedException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

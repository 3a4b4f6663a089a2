package io.federa.jobs.internal;

import io.federa.shared.UserFacingException;

/** A job's report was refused; {@code forbidden} when it wrote to a run that is not its own. */
public class ReportRefusedException extends UserFacingException {

    private final boolean forbidden;

    ReportRefusedException(String message, boolean forbidden) {
        super(message);
        this.forbidden = forbidden;
    }

    public boolean forbidden() {
        return forbidden;
    }
}

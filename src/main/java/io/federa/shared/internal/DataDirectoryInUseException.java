package io.federa.shared.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The embedded PostgreSQL's data directory is held by something the portal must not stop; the start ends. */
final class DataDirectoryInUseException extends IllegalStateException {

    private final String action;

    DataDirectoryInUseException(String description, String action) {
        super(description);
        this.action = action;
    }

    String action() {
        return action;
    }

    /** Prints what holds the directory and what to do, instead of a stack trace. */
    static final class Analyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
            return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
        }
    }
}

package io.federa.clusters;

import io.federa.shared.UserFacingException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Slurm refused a request. slurmrestd reports most refusals as HTTP 500 (22.05, 24.11) or 422
 * (26.05) with an {@code errors} array: branch on {@link #hasError(int)}, never on the status.
 */
public class SlurmException extends UserFacingException {

    public static final int INVALID_ACCOUNT = 2045;
    public static final int PERMISSION_DENIED = 2002;
    public static final int OVER_QUOTA = 2050;

    private final String cluster;
    private final int httpStatus;
    private final List<SlurmError> errors;

    public SlurmException(String cluster, int httpStatus, List<SlurmError> errors) {
        super(describe(cluster, errors, httpStatus));
        this.cluster = cluster;
        this.httpStatus = httpStatus;
        this.errors = List.copyOf(errors);
    }

    public String cluster() {
        return cluster;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Over REST: 502, the cluster refused what the portal sent (the detail says why). */
    @Override
    public int problemStatus() {
        return 502;
    }

    public List<SlurmError> errors() {
        return errors;
    }

    public boolean hasError(int errorNumber) {
        return errors.stream().anyMatch(e -> e.errorNumber() == errorNumber);
    }

    private static String describe(String cluster, List<SlurmError> errors, int status) {
        if (errors.isEmpty()) {
            return "Cluster " + cluster + " refused the request (HTTP " + status + ")";
        }
        return "Cluster " + cluster + ": "
                + errors.stream().map(SlurmError::message).distinct().collect(Collectors.joining("; "));
    }
}

package io.federa.access;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The last drift check of a cluster: the changes the portal would make now. Any finding means Slurm
 * accounting differs from the portal (changed outside the portal, or not yet applied).
 *
 * @param error why the check could not run (cluster unavailable); findings are then empty
 */
public record DriftReport(
        String cluster,
        Instant checkedAt,
        List<PlannedChange> findings,
        @Nullable String error) {

    public DriftReport {
        findings = List.copyOf(findings);
    }

    public boolean inSync() {
        return error == null && findings.isEmpty();
    }
}

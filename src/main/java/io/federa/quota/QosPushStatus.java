package io.federa.quota;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How the team's quota on a cluster stands in Slurm, as its QOS {@code qosName} (see ADR 9).
 *
 * @param pending the saved quota has not reached Slurm yet (never pushed, or changed since)
 * @param pushedAt when the quota last reached Slurm; null if it never did
 * @param lastAttemptAt when the portal last tried
 * @param lastError why the last attempt failed, in plain words; null when it succeeded
 * @param note what Slurm cannot enforce on this cluster (e.g. monthly hours on REST v0.0.38)
 * @param drift what differed in Slurm when the portal last found the QOS changed outside the portal
 * @param driftAt when that was
 */
public record QosPushStatus(
        String qosName,
        boolean pending,
        @Nullable Instant pushedAt,
        @Nullable Instant lastAttemptAt,
        @Nullable String lastError,
        @Nullable String note,
        @Nullable String drift,
        @Nullable Instant driftAt) {

    public boolean failing() {
        return lastError != null;
    }
}

package io.federa.kubernetes;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a team's Profile stands on a Kubernetes cluster.
 *
 * @param profileName the Profile's (and namespace's) name
 * @param access whether the team may use the cluster; without access no Profile is pushed
 * @param pending the portal's wanted Profile has not reached the cluster yet (never pushed, changed
 *     since, or the last push failed)
 * @param pushed the quota the cluster holds as last pushed and read back; null if never pushed
 * @param lastError why the last attempt failed, in plain words (the API server's own words for a
 *     refusal); null when it succeeded
 * @param drift what differed on the cluster when the portal last found the Profile changed outside
 *     the portal
 */
public record ProfileStatus(
        String team,
        String cluster,
        String profileName,
        boolean access,
        boolean pending,
        @Nullable ProfileQuota pushed,
        @Nullable Instant pushedAt,
        @Nullable Instant lastAttemptAt,
        @Nullable String lastError,
        @Nullable String drift,
        @Nullable Instant driftAt) {

    public boolean failing() {
        return lastError != null;
    }
}

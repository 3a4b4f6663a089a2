package io.federa.clusters;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the health poller last saw of a cluster.
 *
 * @param reason why the cluster is degraded or down, in plain words; empty when up. Everyone sees it
 * @param detail the same with internal details (the slurmrestd address it could not reach): for
 *     portal admins only
 * @param lastContact the last time the cluster answered; null if it never did
 */
public record ClusterHealth(
        State state,
        String reason,
        String detail,
        @Nullable Instant lastCheck,
        @Nullable Instant lastContact,
        String slurmRelease,
        String apiVersion,
        @Nullable Integer latencyMs) {

    public enum State {
        UNKNOWN,
        UP,
        DEGRADED,
        DOWN
    }

    public static ClusterHealth unknown() {
        return new ClusterHealth(State.UNKNOWN, "not checked yet", "not checked yet", null, null, "", "", null);
    }
}

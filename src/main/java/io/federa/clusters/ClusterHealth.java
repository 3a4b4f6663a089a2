package io.federa.clusters;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the health poller last saw of a cluster.
 *
 * @param reason why the cluster is degraded or down, in plain words; empty when up
 * @param lastContact the last time the cluster answered; null if it never did
 */
public record ClusterHealth(
        State state,
        String reason,
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
        return new ClusterHealth(State.UNKNOWN, "not checked yet", null, null, "", "", null);
    }
}

package io.federa.kubernetes;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the health poller last saw of a cluster's API server.
 *
 * @param reason why it is degraded or down, in plain words; empty when up
 * @param version the API server's {@code gitVersion}, e.g. {@code v1.36.4}
 * @param features which of the portal's custom resources the cluster serves (from discovery)
 * @param lastContact the last time the API server answered; null if it never did
 */
public record KubernetesHealth(
        State state,
        String reason,
        @Nullable Instant lastCheck,
        @Nullable Instant lastContact,
        String version,
        Set<KubernetesFeature> features,
        @Nullable Integer latencyMs) {

    public KubernetesHealth {
        features = Set.copyOf(features);
    }

    public enum State {
        UNKNOWN,
        UP,
        DEGRADED,
        DOWN
    }

    public static KubernetesHealth unknown() {
        return new KubernetesHealth(State.UNKNOWN, "not checked yet", null, null, "", Set.of(), null);
    }
}

package io.federa.shared;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several replicas on one database (ADR 29).
 *
 * @param lockTtl how long the leader's claim holds without renewal: a replica that dies (SIGKILL, lost
 *     host) is replaced after at most this plus {@code heartbeat}
 * @param heartbeat how often the leader renews its claim and the others try to take it
 * @param liveUpdatesChannel the PostgreSQL {@code NOTIFY} channel that carries live updates between
 *     replicas
 */
@ConfigurationProperties("federa.replicas")
public record ReplicaProperties(
        @DefaultValue("10s") Duration lockTtl,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("federa_live_updates") String liveUpdatesChannel) {

    public ReplicaProperties {
        if (heartbeat.compareTo(lockTtl) >= 0) {
            throw new IllegalArgumentException("federa.replicas.heartbeat (" + heartbeat
                    + ") must be shorter than federa.replicas.lock-ttl (" + lockTtl + ")");
        }
        if (!liveUpdatesChannel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "federa.replicas.live-updates-channel must be a plain lower-case SQL identifier");
        }
    }
}

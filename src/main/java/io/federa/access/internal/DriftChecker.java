package io.federa.access.internal;

import io.federa.access.ClusterPermissions;
import io.federa.clusters.ClusterRegistry;
import io.federa.shared.PerKeyPoller;
import io.federa.shared.SystemTasks;
import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every enabled cluster for drift every {@code federa.access.drift-interval}, one cluster at a
 * time each, as the system (the checks are admin operations).
 */
@Component
class DriftChecker implements AutoCloseable {

    private final ClusterRegistry registry;
    private final PerKeyPoller poller;

    DriftChecker(ClusterRegistry registry, ClusterPermissions permissions, Clock clock, AccessProperties props) {
        this.registry = registry;
        this.poller = new PerKeyPoller(
                "access-drift",
                props.driftInterval(),
                clock,
                cluster -> SystemTasks.runAsSystem(() -> permissions.checkDrift(cluster)));
    }

    @Scheduled(
            initialDelayString = "${federa.access.drift-initial-delay:1m}",
            fixedDelayString = "${federa.access.tick:5s}")
    void tick() {
        poller.tick(registry.enabledClusters());
    }

    @Override
    public void close() {
        poller.close();
    }
}

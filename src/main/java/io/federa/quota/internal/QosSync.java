package io.federa.quota.internal;

import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.shared.UserFacingException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code federa.quota.qos-sync-interval} (5 min): pushes the quotas whose push is pending (failed
 * or not yet tried), and compares every other team QOS with what Slurm holds; a QOS changed or
 * deleted outside the portal is recorded as drift and pushed again (ADR 9). One read of the QOS list
 * per cluster, whatever the number of teams.
 */
@Component
class QosSync {

    private static final Logger log = LoggerFactory.getLogger(QosSync.class);

    private final QosPusher pusher;
    private final SlurmClients clients;

    QosSync(QosPusher pusher, SlurmClients clients) {
        this.pusher = pusher;
        this.clients = clients;
    }

    @Scheduled(
            initialDelayString = "${federa.quota.qos-sync-interval:5m}",
            fixedDelayString = "${federa.quota.qos-sync-interval:5m}")
    void syncAll() {
        for (String cluster : pusher.clustersWithQuotas()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                sync(cluster);
            } catch (RuntimeException e) {
                log.warn("QOS sync of cluster {} failed", cluster, e);
            }
        }
    }

    void sync(String cluster) {
        List<QosPusher.Tracked> tracked = pusher.trackedOn(cluster);
        List<SlurmQos> inSlurm;
        boolean minutes;
        try {
            SlurmAccounting accounting = clients.forCluster(cluster).accounting();
            inSlurm = accounting.qos();
            minutes = accounting.canLimitQosTresMinutes();
        } catch (UserFacingException e) {
            // unreachable: the pending pushes record why, the others wait for the next round
            tracked.stream()
                    .filter(QosPusher.Tracked::pending)
                    .forEach(t -> pusher.push(t.quota().team(), cluster));
            return;
        }
        for (QosPusher.Tracked t : tracked) {
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down
            }
            String team = t.quota().team();
            if (t.pending()) {
                pusher.push(team, cluster);
                continue;
            }
            SlurmQos wanted = QosPusher.qosFor(t.quota(), minutes);
            String differences =
                    QosPusher.differences(wanted.limits(), QosPusher.find(inSlurm, TeamQos.nameFor(team, cluster)));
            if (!differences.isEmpty()) {
                log.info("QOS of team {} on {} drifted: {}", team, cluster, differences);
                pusher.drifted(team, cluster, differences);
                pusher.push(team, cluster);
            }
        }
    }
}

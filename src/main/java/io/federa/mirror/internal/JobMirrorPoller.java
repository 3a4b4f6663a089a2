package io.federa.mirror.internal;

import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.JobsSnapshot;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmJob;
import io.federa.mirror.JobsMirrored;
import io.federa.shared.PerKeyPoller;
import io.federa.shared.UserFacingException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One poller per cluster: asks only for what changed since its last poll ({@code update_time}),
 * upserts the mirror keyed by (cluster, job id), and every {@code full-sync-interval} reads all jobs
 * to settle mirrored jobs the controller no longer knows (their final state then comes from
 * accounting). Calls to a cluster per minute depend on the interval only, never on the number of
 * users.
 */
@Component
class JobMirrorPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobMirrorPoller.class);

    private final ClusterRegistry registry;
    private final SlurmClients clients;
    private final JdbcJobStore store;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MirrorProperties props;
    private final PerKeyPoller poller;

    JobMirrorPoller(
            ClusterRegistry registry,
            SlurmClients clients,
            JdbcJobStore store,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock,
            MirrorProperties props) {
        this.registry = registry;
        this.clients = clients;
        this.store = store;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.props = props;
        this.poller = new PerKeyPoller("job-mirror", props.pollInterval(), clock, this::poll);
    }

    @Scheduled(fixedDelayString = "${federa.mirror.tick:1s}")
    void tick() {
        poller.tick(registry.enabledClusters());
    }

    void poll(String cluster) {
        Instant now = clock.instant();
        JdbcJobStore.Cursor cursor = store.cursor(cluster);
        boolean full = cursor.lastFullSync() == null
                || cursor.changedSince() == null
                || cursor.lastFullSync().plus(props.fullSyncInterval()).isBefore(now);
        try {
            SlurmClient client = clients.forCluster(cluster);
            JobsSnapshot snapshot = client.jobs(full ? null : cursor.changedSince());
            List<SlurmJob> settled = full ? settleVanished(client, cluster, snapshot) : List.of();
            int changed = tx.execute(status -> {
                int n = store.upsert(cluster, snapshot.jobs(), now) + store.upsert(cluster, settled, now);
                store.saveCursor(cluster, snapshot.asOf(), full ? now : cursor.lastFullSync(), now);
                if (n > 0) {
                    events.publishEvent(new JobsMirrored(cluster, n));
                }
                return n;
            });
            if (changed > 0) {
                log.debug("mirrored {} changed job(s) of {}{}", changed, cluster, full ? " (full sync)" : "");
            }
        } catch (UserFacingException e) {
            // the health poller reports the cluster down; the mirror keeps what it has and retries
            log.debug("job poll of {} failed: {}", cluster, e.getMessage());
        }
    }

    /** Open mirrored jobs missing from a full listing: ask the controller, then accounting. */
    private List<SlurmJob> settleVanished(SlurmClient client, String cluster, JobsSnapshot snapshot) {
        Set<Long> listed = new HashSet<>();
        snapshot.jobs().forEach(j -> listed.add(j.jobId()));
        var settled = new java.util.ArrayList<SlurmJob>();
        for (long jobId : store.openJobIds(cluster)) {
            if (listed.contains(jobId)) {
                continue;
            }
            Optional<SlurmJob> found = client.job(jobId).or(() -> client.accountingJob(jobId));
            found.ifPresentOrElse(settled::add, () -> store.markLost(cluster, jobId, clock.instant()));
        }
        return settled;
    }

    @Override
    public void close() {
        poller.close();
    }
}

package io.federa.clusters.internal;

import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterHealthChanged;
import io.federa.clusters.ClusterPing;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.shared.PerKeyPoller;
import io.federa.shared.UserFacingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pings every enabled cluster and reads its partitions and nodes on a schedule, and writes what it saw
 * to the database; the Clusters page reads only that. A cluster that fails is shown DOWN with the
 * reason at its next check, and comes back by itself when it answers again.
 */
@Component
class ClusterHealthPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterHealthPoller.class);
    private static final Set<String> BAD_NODE_STATES = Set.of("down", "drained", "draining", "fail", "failing");

    private final JdbcClusterRegistry registry;
    private final SlurmClients clients;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PerKeyPoller poller;
    private volatile boolean stopping;

    ClusterHealthPoller(
            JdbcClusterRegistry registry,
            SlurmClients clients,
            JdbcClient jdbc,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock,
            ClustersProperties props) {
        this.registry = registry;
        this.clients = clients;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.poller = new PerKeyPoller("cluster-health", props.healthInterval(), clock, this::check);
    }

    @Scheduled(fixedDelayString = "${federa.clusters.tick:1s}")
    void tick() {
        poller.tick(registry.enabledClusters());
    }

    void checkSoon(String cluster) {
        poller.runSoon(cluster);
    }

    /** One check of one cluster; public to the package for tests that do not want to wait. */
    void check(String cluster) {
        Instant started = clock.instant();
        try {
            var client = clients.forCluster(cluster);
            ClusterPing ping = client.ping();
            List<SlurmPartition> partitions = client.partitions();
            List<SlurmNode> nodes = client.nodes();
            String problem = problems(ping, partitions, nodes);
            ClusterHealth.State state = !ping.controllerResponding()
                    ? ClusterHealth.State.DOWN
                    : problem.isEmpty() ? ClusterHealth.State.UP : ClusterHealth.State.DEGRADED;
            write(cluster, state, problem, started, ping, partitions, nodes);
        } catch (UserFacingException e) {
            if (stopping) {
                return; // our own cancellation, not the cluster's state
            }
            String detail = e instanceof ClusterUnavailableException u ? u.detail() : e.userMessage();
            log.info("cluster {} is down: {}", cluster, detail);
            writeDown(cluster, e.userMessage(), detail, started);
        }
    }

    private static String problems(ClusterPing ping, List<SlurmPartition> partitions, List<SlurmNode> nodes) {
        if (!ping.controllerResponding()) {
            return "slurmrestd answers but the controller (slurmctld) does not respond";
        }
        var issues = new java.util.ArrayList<String>();
        long badNodes = nodes.stream()
                .filter(n -> BAD_NODE_STATES.contains(n.state().toLowerCase(Locale.ROOT))
                        || n.stateFlags().contains("NOT_RESPONDING")
                        || n.stateFlags().contains("DRAIN"))
                .count();
        if (badNodes > 0) {
            issues.add(badNodes + " of " + nodes.size() + " node(s) down or drained");
        }
        partitions.stream()
                .filter(p -> !"UP".equalsIgnoreCase(p.state()))
                .forEach(p -> issues.add("partition " + p.name() + " is " + p.state()));
        return String.join("; ", issues);
    }

    private void write(
            String cluster,
            ClusterHealth.State state,
            String reason,
            Instant checked,
            ClusterPing ping,
            List<SlurmPartition> partitions,
            List<SlurmNode> nodes) {
        tx.executeWithoutResult(status -> {
            Long id = clusterId(cluster);
            if (id == null) {
                return;
            }
            jdbc.sql("""
                            update cluster_status set state = :state, reason = :reason, detail = :reason,
                                   last_check = :now,
                                   last_contact = :now, slurm_release = :release, api_version = :api,
                                   latency_ms = :latency
                            where cluster_id = :id""")
                    .param("state", state.name())
                    .param("reason", reason)
                    .param("now", Timestamp.from(checked))
                    .param("release", ping.slurmRelease())
                    .param("api", ping.apiVersion())
                    .param("latency", (int) ping.latency().toMillis())
                    .param("id", id)
                    .update();
            jdbc.sql("delete from cluster_partitions where cluster_id = :id")
                    .param("id", id)
                    .update();
            for (SlurmPartition p : partitions) {
                jdbc.sql("""
                                insert into cluster_partitions (cluster_id, name, state, is_default, total_nodes,
                                    total_cpus, nodes, max_time_minutes, default_time_minutes, max_nodes_per_job)
                                values (:id, :name, :state, :def, :tn, :tc, :nodes, :max, :dflt, :maxn)""")
                        .param("id", id)
                        .param("name", p.name())
                        .param("state", p.state())
                        .param("def", p.isDefault())
                        .param("tn", p.totalNodes())
                        .param("tc", p.totalCpus())
                        .param("nodes", p.nodes())
                        .param("max", p.maxTimeMinutes(), java.sql.Types.INTEGER)
                        .param("dflt", p.defaultTimeMinutes(), java.sql.Types.INTEGER)
                        .param("maxn", p.maxNodesPerJob(), java.sql.Types.INTEGER)
                        .update();
            }
            jdbc.sql("delete from cluster_nodes where cluster_id = :id")
                    .param("id", id)
                    .update();
            for (SlurmNode n : nodes) {
                jdbc.sql("""
                                insert into cluster_nodes (cluster_id, name, state, state_flags, cpus_total,
                                    cpus_allocated, memory_total_mb, memory_allocated_mb, gres, gpus_total,
                                    gpus_allocated, cpu_load, partitions, reason)
                                values (:id, :name, :state, :flags, :ct, :ca, :mt, :ma, :gres, :gpus, :ga, :load,
                                        :parts, :reason)""")
                        .param("id", id)
                        .param("name", n.name())
                        .param("state", n.state())
                        .param("flags", String.join(",", n.stateFlags()))
                        .param("ct", n.cpusTotal())
                        .param("ca", n.cpusAllocated())
                        .param("mt", n.memoryTotalMb())
                        .param("ma", n.memoryAllocatedMb())
                        .param("gres", n.gres())
                        .param("gpus", n.gpusTotal())
                        .param("ga", n.gpusAllocated())
                        .param("load", n.cpuLoad())
                        .param("parts", String.join(",", n.partitions()))
                        .param("reason", n.reason())
                        .update();
            }
            events.publishEvent(new ClusterHealthChanged(cluster, state));
        });
    }

    /** Keeps the last known partitions and nodes (marked by the old last_contact) and says why. */
    private void writeDown(String cluster, String reason, String detail, Instant checked) {
        tx.executeWithoutResult(status -> {
            Long id = clusterId(cluster);
            if (id == null) {
                return;
            }
            jdbc.sql("""
                            update cluster_status set state = 'DOWN', reason = :reason, detail = :detail,
                                   last_check = :now, latency_ms = null
                            where cluster_id = :id""")
                    .param("reason", reason)
                    .param("detail", detail)
                    .param("now", Timestamp.from(checked))
                    .param("id", id)
                    .update();
            events.publishEvent(new ClusterHealthChanged(cluster, ClusterHealth.State.DOWN));
        });
    }

    private Long clusterId(String cluster) {
        return jdbc.sql("select id from clusters where name = :name")
                .param("name", cluster)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    /** From now on, failed checks are the portal's own stop cancelling its calls: nothing is recorded. */
    @EventListener(ContextClosedEvent.class)
    void stopping() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        poller.close();
    }
}

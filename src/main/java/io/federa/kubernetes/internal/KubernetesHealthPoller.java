package io.federa.kubernetes.internal;

import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesHealth;
import io.federa.kubernetes.KubernetesHealthChanged;
import io.federa.shared.PerKeyPoller;
import io.federa.shared.UserFacingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asks every enabled Kubernetes cluster's API server for its version and which of the portal's custom
 * resources it serves (discovery), every {@code federa.kubernetes.health-interval}, each cluster on
 * its own virtual thread (a hanging API server delays only itself), and writes what it saw to the
 * database; the Clusters page reads only that. A cluster that fails is shown DOWN with the reason at
 * its next check, and comes back by itself.
 */
@Component
class KubernetesHealthPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesHealthPoller.class);

    private final JdbcKubernetesClusters registry;
    private final KubeClients clients;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PerKeyPoller poller;

    KubernetesHealthPoller(
            JdbcKubernetesClusters registry,
            KubeClients clients,
            JdbcClient jdbc,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock,
            KubernetesProperties props) {
        this.registry = registry;
        this.clients = clients;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.poller = new PerKeyPoller("kubernetes-health", props.healthInterval(), clock, this::check);
    }

    @Scheduled(fixedDelayString = "${federa.clusters.tick:1s}")
    void tick() {
        poller.tick(registry.enabledClusters());
    }

    /** One check of one cluster. */
    void check(String cluster) {
        Instant started = clock.instant();
        try {
            KubeApi.Probe probe = clients.forCluster(cluster).probe();
            boolean profiles = probe.features().contains(KubernetesFeature.PROFILES);
            KubernetesHealth.State state = profiles ? KubernetesHealth.State.UP : KubernetesHealth.State.DEGRADED;
            String reason = profiles
                    ? ""
                    : "the API server does not serve Kubeflow Profiles (profiles.kubeflow.org/v1): teams get no namespace";
            write(cluster, state, reason, started, probe);
        } catch (UserFacingException e) {
            log.info("Kubernetes cluster {} is down: {}", cluster, e.getMessage());
            writeDown(cluster, e.userMessage(), started);
        }
    }

    private void write(String cluster, KubernetesHealth.State state, String reason, Instant checked, KubeApi.Probe p) {
        tx.executeWithoutResult(s -> {
            int n = jdbc.sql("""
                            update kubernetes_cluster_status set state = :state, reason = :reason, last_check = :now,
                                   last_contact = :now, version = :version, features = :features, latency_ms = :latency
                            where cluster_id = (select id from kubernetes_clusters where name = :name)""")
                    .param("state", state.name())
                    .param("reason", reason)
                    .param("now", Timestamp.from(checked))
                    .param("version", p.version())
                    .param(
                            "features",
                            p.features().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                    .param("latency", (int) p.latency().toMillis())
                    .param("name", cluster)
                    .update();
            if (n > 0) {
                events.publishEvent(new KubernetesHealthChanged(cluster, state));
            }
        });
    }

    /** Keeps the last known version and features (marked by the old last_contact) and says why. */
    private void writeDown(String cluster, String reason, Instant checked) {
        tx.executeWithoutResult(s -> {
            int n = jdbc.sql("""
                            update kubernetes_cluster_status set state = 'DOWN', reason = :reason, last_check = :now,
                                   latency_ms = null
                            where cluster_id = (select id from kubernetes_clusters where name = :name)""")
                    .param("reason", reason)
                    .param("now", Timestamp.from(checked))
                    .param("name", cluster)
                    .update();
            if (n > 0) {
                events.publishEvent(new KubernetesHealthChanged(cluster, KubernetesHealth.State.DOWN));
            }
        });
    }

    @Override
    public void close() {
        poller.close();
    }
}

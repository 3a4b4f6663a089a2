package io.federa.kubernetes.internal;

import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.shared.LeadershipRevoked;
import io.federa.shared.UserFacingException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps one {@link KindWatch} per enabled cluster and kind it serves (the features its last health
 * check found), restarting a cluster's watches when its settings change and stopping them when it is
 * disabled. The watches select exactly this portal's objects: {@link FederaLabels#MANAGED_BY} and
 * {@link FederaLabels#INSTANCE}.
 */
@Component
class ResourceMirror implements AutoCloseable {

    private final JdbcKubernetesClusters registry;
    private final KubeClients clients;
    private final MirrorStore store;
    private final JdbcClient jdbc;
    private final KubernetesProperties props;
    private final String selector;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kubernetes-watch-retry").factory());
    private final Map<String, KindWatch> watches = new HashMap<>();

    ResourceMirror(
            JdbcKubernetesClusters registry,
            KubeClients clients,
            MirrorStore store,
            JdbcClient jdbc,
            KubernetesProperties props) {
        this.registry = registry;
        this.clients = clients;
        this.store = store;
        this.jdbc = jdbc;
        this.props = props;
        this.selector = selectorFor(props.instance());
    }

    static String selectorFor(String instance) {
        return FederaLabels.MANAGED_BY + "=" + FederaLabels.MANAGED_BY_VALUE + "," + FederaLabels.INSTANCE + "="
                + instance;
    }

    @Scheduled(fixedDelayString = "${federa.clusters.tick:1s}")
    synchronized void tick() {
        Set<String> wanted = new HashSet<>();
        for (var served : servedKinds().entrySet()) {
            String cluster = served.getKey();
            KubeApi api;
            JdbcKubernetesClusters.ClusterRef ref;
            try {
                api = clients.forCluster(cluster);
                ref = registry.ref(cluster).orElseThrow();
            } catch (UserFacingException e) {
                continue; // its credentials cannot be used: the health check says so
            }
            for (KubernetesFeature kind : served.getValue()) {
                String key = cluster + "/" + kind.name();
                wanted.add(key);
                KindWatch existing = watches.get(key);
                if (existing != null && existing.api() == api) {
                    continue;
                }
                if (existing != null) {
                    existing.close();
                }
                var watch = new KindWatch(api, ref, kind, selector, store, scheduler, props);
                watches.put(key, watch);
                watch.start();
            }
        }
        watches.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** Another replica leads now and keeps the mirror: this one closes its watches (ADR 29). */
    @EventListener
    synchronized void on(LeadershipRevoked revoked) {
        watches.values().forEach(KindWatch::close);
        watches.clear();
    }

    /** Enabled clusters and the kinds their last successful health check found. */
    private Map<String, Set<KubernetesFeature>> servedKinds() {
        Map<String, Set<KubernetesFeature>> served = new HashMap<>();
        jdbc.sql("""
                        select c.name, s.features from kubernetes_clusters c
                        join kubernetes_cluster_status s on s.cluster_id = c.id
                        where c.enabled and s.features <> ''""")
                .query((rs, n) -> served.put(rs.getString(1), JdbcKubernetesClusters.features(rs.getString(2))))
                .list();
        return served;
    }

    @Override
    public synchronized void close() {
        watches.values().forEach(KindWatch::close);
        watches.clear();
        scheduler.shutdownNow();
    }
}

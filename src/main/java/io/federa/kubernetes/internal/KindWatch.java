package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.shared.UserFacingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch of one kind on one cluster that feeds the mirror: resumes from the last stored
 * resourceVersion (lists first when there is none), writes every event with its resourceVersion,
 * lists again on 410 Gone, and opens the watch again after failures (a 429 "storage is
 * (re)initializing" included) with a growing, jittered wait. fabric8 reconnects a dropped watch by
 * itself from the last version it saw, which is the one stored.
 */
final class KindWatch implements Watcher<GenericKubernetesResource>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KindWatch.class);

    private final KubeApi api;
    private final JdbcKubernetesClusters.ClusterRef cluster;
    private final KubernetesFeature kind;
    private final String selector;
    private final MirrorStore store;
    private final ScheduledExecutorService scheduler;
    private final Duration retryMin;
    private final Duration retryMax;
    private final AtomicBoolean opening = new AtomicBoolean();
    private volatile boolean closed;
    private volatile @Nullable Watch watch;
    private int failures;

    KindWatch(
            KubeApi api,
            JdbcKubernetesClusters.ClusterRef cluster,
            KubernetesFeature kind,
            String selector,
            MirrorStore store,
            ScheduledExecutorService scheduler,
            KubernetesProperties props) {
        this.api = api;
        this.cluster = cluster;
        this.kind = kind;
        this.selector = selector;
        this.store = store;
        this.scheduler = scheduler;
        this.retryMin = props.watchRetryMin();
        this.retryMax = props.watchRetryMax();
    }

    KubeApi api() {
        return api;
    }

    void start() {
        Thread.ofVirtual()
                .name("kubernetes-watch-" + cluster.name() + "-" + kind.plural())
                .start(this::open);
    }

    private void open() {
        if (closed || !opening.compareAndSet(false, true)) {
            return;
        }
        try {
            String from = store.resumeFrom(cluster.id(), kind).orElse(null);
            if (from == null) {
                from = relist();
            }
            Watch opened = api.watch(kind, selector, from, this);
            synchronized (this) {
                if (closed) {
                    opened.close();
                    return;
                }
                watch = opened;
            }
            failures = 0;
            store.watching(cluster.id(), kind);
            log.debug("watching {} on {} from resourceVersion {}", kind.plural(), cluster.name(), from);
        } catch (UserFacingException e) {
            store.failed(cluster.id(), kind, e.userMessage());
            retryLater();
        } catch (RuntimeException e) {
            log.warn("the watch of {} on {} failed to start", kind.plural(), cluster.name(), e);
            store.failed(cluster.id(), kind, e.getClass().getSimpleName());
            retryLater();
        } finally {
            opening.set(false);
        }
    }

    private String relist() {
        KubeApi.Listed listed = api.list(kind, selector);
        List<MirrorStore.Row> rows = listed.items().stream().map(this::row).toList();
        store.replaceAll(cluster.name(), cluster.id(), kind, rows, listed.resourceVersion());
        log.info(
                "listed {} {} on {} (resourceVersion {})",
                rows.size(),
                kind.plural(),
                cluster.name(),
                listed.resourceVersion());
        return listed.resourceVersion();
    }

    @Override
    public void eventReceived(Action action, GenericKubernetesResource object) {
        if (closed) {
            return;
        }
        switch (action) {
            case ADDED, MODIFIED -> store.upsert(cluster.name(), cluster.id(), kind, row(object));
            case DELETED -> store.delete(cluster.name(), cluster.id(), kind, row(object));
            case BOOKMARK ->
                store.bookmark(cluster.id(), kind, object.getMetadata().getResourceVersion());
            case ERROR -> log.debug("watch error event for {} on {}", kind.plural(), cluster.name());
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        watch = null;
        if (closed) {
            return;
        }
        if (cause.isHttpGone()) {
            log.info("{} on {}: resourceVersion too old (410 Gone), listing again", kind.plural(), cluster.name());
            store.expired(cluster.id(), kind);
            start();
        } else {
            store.failed(cluster.id(), kind, "the watch closed: " + cause.getMessage());
            retryLater();
        }
    }

    @Override
    public void onClose() {
        watch = null;
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long max = retryMax.toMillis();
        long wait = Math.min(max, retryMin.toMillis() << Math.min(failures, 16));
        failures++;
        long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        scheduler.schedule(this::start, jittered, TimeUnit.MILLISECONDS);
    }

    /** One object as a mirror row; its team only where its namespace (or name) is the team's. */
    private MirrorStore.Row row(GenericKubernetesResource object) {
        ObjectMeta meta = object.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        String team = labels.get(FederaLabels.TEAM);
        String namespace = kind.namespaced() ? Objects.requireNonNullElse(meta.getNamespace(), "") : "";
        if (team != null) {
            String teamsName = cluster.profileName(team);
            boolean inTeamsPlace = kind.namespaced()
                    ? namespace.equals(teamsName)
                    : meta.getName().equals(teamsName);
            if (!inTeamsPlace) {
                team = null;
            }
        }
        return new MirrorStore.Row(
                namespace,
                meta.getName(),
                Objects.requireNonNullElse(meta.getUid(), ""),
                meta.getResourceVersion(),
                meta.getGeneration(),
                team,
                labels.get(FederaLabels.OWNER),
                api.asJson(labels),
                api.json(object, "spec"),
                api.json(object, "status"),
                meta.getCreationTimestamp() == null ? null : Instant.parse(meta.getCreationTimestamp()));
    }

    @Override
    public void close() {
        Watch current;
        synchronized (this) {
            closed = true;
            current = watch;
            watch = null;
        }
        if (current != null) {
            current.close();
        }
    }
}

package io.federa.kubernetes.internal;

import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesResourcesChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the mirror: each watch event in one transaction together with the resourceVersion the watch
 * resumes from, so that after a crash or restart the portal neither misses nor repeats a change; a
 * relist replaces a kind's rows of a cluster wholesale. Rows are keyed by (cluster, kind, namespace,
 * name): a replayed or relisted object overwrites itself, it is never duplicated.
 */
@Component
class MirrorStore {

    /** One object as the mirror stores it. */
    record Row(
            String namespace,
            String name,
            String uid,
            String resourceVersion,
            @Nullable Long generation,
            @Nullable String team,
            @Nullable String owner,
            String labelsJson,
            String specJson,
            String statusJson,
            @Nullable Instant createdAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MirrorStore(JdbcClient jdbc, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** Where the watch of this kind resumes; empty when it must (re)list first. */
    Optional<String> resumeFrom(long clusterId, KubernetesFeature kind) {
        return jdbc.sql("select resource_version from kubernetes_watches where cluster_id = :c and kind = :k")
                .param("c", clusterId)
                .param("k", kind.name())
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(o -> o);
    }

    /** A fresh list: the kind's rows of the cluster become exactly {@code rows}. */
    void replaceAll(String cluster, long clusterId, KubernetesFeature kind, List<Row> rows, String resourceVersion) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("delete from kubernetes_resources where cluster_id = :c and kind = :k")
                    .param("c", clusterId)
                    .param("k", kind.name())
                    .update();
            rows.forEach(r -> upsertRow(clusterId, kind, r));
            jdbc.sql("""
                            insert into kubernetes_watches (cluster_id, kind, resource_version, listed_at, relists,
                                                            last_error)
                            values (:c, :k, :rv, :now, 1, null)
                            on conflict (cluster_id, kind) do update set resource_version = :rv, listed_at = :now,
                                relists = kubernetes_watches.relists + 1, last_error = null""")
                    .param("c", clusterId)
                    .param("k", kind.name())
                    .param("rv", resourceVersion)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            events.publishEvent(new KubernetesResourcesChanged(cluster, kind, null));
        });
    }

    void upsert(String cluster, long clusterId, KubernetesFeature kind, Row row) {
        tx.executeWithoutResult(s -> {
            upsertRow(clusterId, kind, row);
            advance(clusterId, kind, row.resourceVersion());
            events.publishEvent(new KubernetesResourcesChanged(cluster, kind, row.team()));
        });
    }

    void delete(String cluster, long clusterId, KubernetesFeature kind, Row row) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                            delete from kubernetes_resources
                            where cluster_id = :c and kind = :k and namespace = :ns and name = :name""")
                    .param("c", clusterId)
                    .param("k", kind.name())
                    .param("ns", row.namespace())
                    .param("name", row.name())
                    .update();
            advance(clusterId, kind, row.resourceVersion());
            events.publishEvent(new KubernetesResourcesChanged(cluster, kind, row.team()));
        });
    }

    /** A bookmark: nothing changed up to {@code resourceVersion}. */
    void bookmark(long clusterId, KubernetesFeature kind, String resourceVersion) {
        tx.executeWithoutResult(s -> advance(clusterId, kind, resourceVersion));
    }

    /** 410 Gone: the stored version is too old; the next start lists again. */
    void expired(long clusterId, KubernetesFeature kind) {
        jdbc.sql("update kubernetes_watches set resource_version = null where cluster_id = :c and kind = :k")
                .param("c", clusterId)
                .param("k", kind.name())
                .update();
    }

    void failed(long clusterId, KubernetesFeature kind, String error) {
        jdbc.sql("""
                        insert into kubernetes_watches (cluster_id, kind, last_error) values (:c, :k, :e)
                        on conflict (cluster_id, kind) do update set last_error = :e""")
                .param("c", clusterId)
                .param("k", kind.name())
                .param("e", error)
                .update();
    }

    void watching(long clusterId, KubernetesFeature kind) {
        jdbc.sql("update kubernetes_watches set last_error = null where cluster_id = :c and kind = :k")
                .param("c", clusterId)
                .param("k", kind.name())
                .update();
    }

    private void advance(long clusterId, KubernetesFeature kind, String resourceVersion) {
        jdbc.sql("""
                        insert into kubernetes_watches (cluster_id, kind, resource_version, last_event_at)
                        values (:c, :k, :rv, :now)
                        on conflict (cluster_id, kind) do update set resource_version = :rv, last_event_at = :now""")
                .param("c", clusterId)
                .param("k", kind.name())
                .param("rv", resourceVersion)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    private void upsertRow(long clusterId, KubernetesFeature kind, Row r) {
        jdbc.sql("""
                        insert into kubernetes_resources (cluster_id, kind, namespace, name, uid, resource_version,
                            generation, team, owner, labels, spec, status, created_at, mirrored_at)
                        values (:c, :k, :ns, :name, :uid, :rv, :gen, :team, :owner, cast(:labels as jsonb),
                                cast(:spec as jsonb), cast(:status as jsonb), :created, :now)
                        on conflict (cluster_id, kind, namespace, name) do update set uid = :uid,
                            resource_version = :rv, generation = :gen, team = :team, owner = :owner,
                            labels = cast(:labels as jsonb), spec = cast(:spec as jsonb),
                            status = cast(:status as jsonb), created_at = :created, mirrored_at = :now""")
                .param("c", clusterId)
                .param("k", kind.name())
                .param("ns", r.namespace())
                .param("name", r.name())
                .param("uid", r.uid())
                .param("rv", r.resourceVersion())
                .param("gen", r.generation(), java.sql.Types.BIGINT)
                .param("team", r.team(), java.sql.Types.VARCHAR)
                .param("owner", r.owner(), java.sql.Types.VARCHAR)
                .param("labels", r.labelsJson())
                .param("spec", r.specJson())
                .param("status", r.statusJson())
                .param(
                        "created",
                        r.createdAt() == null ? null : Timestamp.from(r.createdAt()),
                        java.sql.Types.TIMESTAMP)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}

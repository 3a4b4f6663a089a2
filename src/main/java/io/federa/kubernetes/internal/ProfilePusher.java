package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesRejectedException;
import io.federa.kubernetes.ProfileQuota;
import io.federa.kubernetes.ProfileQuotas;
import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamProfileChanged;
import io.federa.shared.UserFacingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes a team's Kubeflow Profile to a cluster and records how it went per (team, cluster); ADR 22.
 * The portal is the source of truth for the Profile's spec and for its own labels: a push replaces
 * the spec (PUT with the current resourceVersion) and keeps everything else (finalizers of the
 * profile controller, other labels, status). After a push the Profile is read back; a cluster that
 * holds something else is a failed push. Never inside a transaction: the API calls run with none,
 * the outcome is written in a short transaction of its own; pushes of one (team, cluster) run one at
 * a time and send what {@link ProfileQuotas} holds at that moment.
 */
@Component
class ProfilePusher {

    private static final Logger log = LoggerFactory.getLogger(ProfilePusher.class);

    private final JdbcKubernetesClusters registry;
    private final KubeClients clients;
    private final JdbcClient jdbc;
    private final ObjectProvider<ProfileQuotas> quotas;
    private final String instance;
    private final Clock clock;
    private final TransactionTemplate ownTx;
    private final ApplicationEventPublisher events;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ProfilePusher(
            JdbcKubernetesClusters registry,
            KubeClients clients,
            JdbcClient jdbc,
            ObjectProvider<ProfileQuotas> quotas,
            KubernetesProperties props,
            Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.registry = registry;
        this.clients = clients;
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.instance = props.instance();
        this.clock = clock;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
    }

    JdbcKubernetesClusters.ClusterRef ref(String cluster) {
        return registry.ref(cluster)
                .orElseThrow(
                        () -> new InvalidKubernetesSettingsException("No Kubernetes cluster named " + cluster + "."));
    }

    /** What the team's Profile quota on the cluster should be now. */
    ProfileQuota wanted(String team, String cluster) {
        ProfileQuotas source = quotas.getIfAvailable();
        return source == null
                ? ProfileQuota.NONE
                : source.profileQuotaOf(team, cluster).orElse(ProfileQuota.NONE);
    }

    /** Sends the team's Profile to the cluster now and returns the recorded outcome. */
    ProfileStatus push(String team, String cluster) {
        JdbcKubernetesClusters.ClusterRef ref = ref(cluster);
        ReentrantLock lock = locks.computeIfAbsent(team + "\u0000" + cluster, k -> new ReentrantLock());
        lock.lock();
        try {
            if (hasAccess(ref.id(), team)) {
                pushLocked(ref, team);
            }
        } finally {
            lock.unlock();
        }
        events.publishEvent(new TeamProfileChanged(team, cluster));
        return status(team, cluster);
    }

    private void pushLocked(JdbcKubernetesClusters.ClusterRef ref, String team) {
        ProfileQuota quota = wanted(team, ref.name());
        String name = ref.profileName(team);
        GenericKubernetesResource desired = ProfileSpecs.desired(name, team, quota, instance);
        ownTx.executeWithoutResult(s -> track(ref.id(), team, name));
        try {
            KubeApi api = clients.forCluster(ref.name());
            write(api, desired, team, 2);
            GenericKubernetesResource readBack =
                    api.get(KubernetesFeature.PROFILES, null, name).orElse(null);
            String differences = ProfileSpecs.differences(desired, readBack, instance);
            if (!differences.isEmpty()) {
                failed(ref.id(), team, "The cluster accepted the Profile " + name + " but holds: " + differences);
                return;
            }
            pushed(ref.id(), team, ProfileSpecs.canonical(quota));
        } catch (KubernetesRejectedException e) {
            log.info("Profile {} not pushed to {}: {}", name, ref.name(), e.getMessage());
            failed(
                    ref.id(),
                    team,
                    e.userMessage() + (e.causes().isEmpty() ? "" : " — " + String.join("; ", e.causes())));
        } catch (UserFacingException e) {
            log.info("Profile {} not pushed to {}: {}", name, ref.name(), e.getMessage());
            failed(ref.id(), team, e.userMessage());
        } catch (RuntimeException e) {
            log.warn("Profile {} not pushed to {}", name, ref.name(), e);
            failed(
                    ref.id(),
                    team,
                    "The portal failed to push the Profile (" + e.getClass().getSimpleName()
                            + "); see the portal's log.");
        }
    }

    /** Creates the Profile, or replaces the spec and the portal's labels of the one there. */
    private void write(KubeApi api, GenericKubernetesResource desired, String team, int attempts) {
        String name = desired.getMetadata().getName();
        Optional<GenericKubernetesResource> current = api.get(KubernetesFeature.PROFILES, null, name);
        if (current.isEmpty()) {
            api.create(KubernetesFeature.PROFILES, desired);
            return;
        }
        GenericKubernetesResource existing = current.get();
        Map<String, String> labels = new LinkedHashMap<>(
                existing.getMetadata().getLabels() == null
                        ? Map.of()
                        : existing.getMetadata().getLabels());
        if (!ours(labels, team)) {
            throw new ProfileTakenException("A Profile named " + name + " exists on the cluster and is not this "
                    + "portal's for team " + team + " (labels " + labels + "): the portal leaves it alone. "
                    + "Change the cluster's namespace pattern or remove that Profile.");
        }
        labels.putAll(desired.getMetadata().getLabels());
        existing.getMetadata().setLabels(labels);
        existing.setAdditionalProperty("spec", desired.getAdditionalProperties().get("spec"));
        try {
            api.replace(KubernetesFeature.PROFILES, existing);
        } catch (KubernetesRejectedException e) {
            if (e.status() == 409 && attempts > 1) { // changed between our read and write: read again
                write(api, desired, team, attempts - 1);
                return;
            }
            throw e;
        }
    }

    /** Deletes the team's Profile from the cluster, if it is this portal's. */
    void remove(String team, String cluster) {
        JdbcKubernetesClusters.ClusterRef ref = ref(cluster);
        String name = ref.profileName(team);
        try {
            KubeApi api = clients.forCluster(cluster);
            var current = api.get(KubernetesFeature.PROFILES, null, name);
            if (current.isPresent()
                    && ours(
                            Objects.requireNonNullElse(
                                    current.get().getMetadata().getLabels(), Map.of()),
                            team)) {
                api.delete(KubernetesFeature.PROFILES, null, name);
                log.info("Profile {} of team {} deleted from {}", name, team, cluster);
            }
        } catch (UserFacingException e) {
            log.info("Profile {} of team {} not deleted from {} yet: {}", name, team, cluster, e.getMessage());
        }
        events.publishEvent(new TeamProfileChanged(team, cluster));
    }

    boolean ours(Map<String, String> labels, String team) {
        return FederaLabels.MANAGED_BY_VALUE.equals(labels.get(FederaLabels.MANAGED_BY))
                && instance.equals(labels.get(FederaLabels.INSTANCE))
                && team.equals(labels.get(FederaLabels.TEAM));
    }

    // ---------------------------------------------------------------------------------------- records

    boolean hasAccess(long clusterId, String team) {
        return jdbc.sql("select count(*) from kubernetes_team_access where cluster_id = :c and team = :team")
                        .param("c", clusterId)
                        .param("team", team)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private void track(long clusterId, String team, String name) {
        jdbc.sql("""
                        insert into kubernetes_profiles (cluster_id, team, profile_name) values (:c, :team, :name)
                        on conflict (cluster_id, team) do update set profile_name = :name""")
                .param("c", clusterId)
                .param("team", team)
                .param("name", name)
                .update();
    }

    private void pushed(long clusterId, String team, String spec) {
        Timestamp now = Timestamp.from(clock.instant());
        ownTx.executeWithoutResult(s -> jdbc.sql("""
                        update kubernetes_profiles set pushed_spec = :spec, pushed_at = :now, last_attempt_at = :now,
                            last_error = null
                        where cluster_id = :c and team = :team""")
                .param("spec", spec)
                .param("now", now)
                .param("c", clusterId)
                .param("team", team)
                .update());
    }

    private void failed(long clusterId, String team, String error) {
        ownTx.executeWithoutResult(s -> jdbc.sql("""
                        update kubernetes_profiles set last_attempt_at = :now, last_error = :error
                        where cluster_id = :c and team = :team""")
                .param("now", Timestamp.from(clock.instant()))
                .param("error", error)
                .param("c", clusterId)
                .param("team", team)
                .update());
    }

    /** Records that the Profile on the cluster no longer held what the portal pushed. */
    void drifted(String team, String cluster, String what) {
        long id = ref(cluster).id();
        ownTx.executeWithoutResult(s -> jdbc.sql("""
                        update kubernetes_profiles set drift = :drift, drift_at = :now
                        where cluster_id = :c and team = :team""")
                .param("drift", what)
                .param("now", Timestamp.from(clock.instant()))
                .param("c", id)
                .param("team", team)
                .update());
    }

    void forget(long clusterId, String team) {
        jdbc.sql("delete from kubernetes_profiles where cluster_id = :c and team = :team")
                .param("c", clusterId)
                .param("team", team)
                .update();
    }

    ProfileStatus status(String team, String cluster) {
        JdbcKubernetesClusters.ClusterRef ref = ref(cluster);
        boolean access = hasAccess(ref.id(), team);
        return jdbc.sql("select * from kubernetes_profiles where cluster_id = :c and team = :team")
                .param("c", ref.id())
                .param("team", team)
                .query((rs, n) -> status(rs, team, cluster, access))
                .optional()
                .orElseGet(() -> new ProfileStatus(
                        team, cluster, ref.profileName(team), access, access, null, null, null, null, null, null));
    }

    /** The status of every team with access on every cluster. */
    List<ProfileStatus> all() {
        return jdbc.sql("""
                        select c.name as cluster_name, c.namespace_pattern, a.team, p.*
                        from kubernetes_team_access a
                        join kubernetes_clusters c on c.id = a.cluster_id
                        left join kubernetes_profiles p on p.cluster_id = a.cluster_id and p.team = a.team
                        order by a.team, c.name""")
                .query((rs, n) -> {
                    String team = rs.getString("team");
                    String cluster = rs.getString("cluster_name");
                    if (rs.getString("profile_name") == null) {
                        String name = JdbcKubernetesClusters.namespaceFor(rs.getString("namespace_pattern"), team);
                        return new ProfileStatus(team, cluster, name, true, true, null, null, null, null, null, null);
                    }
                    return status(rs, team, cluster, true);
                })
                .list();
    }

    private ProfileStatus status(ResultSet rs, String team, String cluster, boolean access) throws SQLException {
        String pushedSpec = rs.getString("pushed_spec");
        String error = rs.getString("last_error");
        boolean pending = access
                && (pushedSpec == null
                        || error != null
                        || !pushedSpec.equals(ProfileSpecs.canonical(wanted(team, cluster))));
        return new ProfileStatus(
                team,
                cluster,
                rs.getString("profile_name"),
                access,
                pending,
                pushedSpec == null ? null : ProfileSpecs.parse(pushedSpec),
                instant(rs.getTimestamp("pushed_at")),
                instant(rs.getTimestamp("last_attempt_at")),
                error,
                rs.getString("drift"),
                instant(rs.getTimestamp("drift_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A Profile of that name exists and belongs to someone else. */
    static final class ProfileTakenException extends UserFacingException {
        ProfileTakenException(String message) {
            super(message);
        }
    }
}

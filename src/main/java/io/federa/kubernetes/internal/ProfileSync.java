package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.ProfileStatus;
import io.federa.shared.UserFacingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * On the schedule of the Slurm QOS sync ({@code federa.kubernetes.profile-sync-interval}, by default
 * {@code federa.quota.qos-sync-interval}, 5 min): per cluster one list of this portal's Profiles;
 * pending pushes are pushed; a Profile changed or deleted outside the portal is recorded as drift and
 * put back; a Profile of a team that may no longer use the cluster (revoked while the cluster was
 * unreachable) is deleted. The portal is the source of truth for its teams' Profiles (ADR 22).
 */
@Component
class ProfileSync {

    private static final Logger log = LoggerFactory.getLogger(ProfileSync.class);

    private final ProfilePusher pusher;
    private final KubeClients clients;
    private final JdbcClient jdbc;
    private final String instance;
    private final String selector;

    ProfileSync(ProfilePusher pusher, KubeClients clients, JdbcClient jdbc, KubernetesProperties props) {
        this.pusher = pusher;
        this.clients = clients;
        this.jdbc = jdbc;
        this.instance = props.instance();
        this.selector = ResourceMirror.selectorFor(props.instance());
    }

    @Scheduled(
            initialDelayString = "${federa.kubernetes.profile-sync-interval:${federa.quota.qos-sync-interval:5m}}",
            fixedDelayString = "${federa.kubernetes.profile-sync-interval:${federa.quota.qos-sync-interval:5m}}")
    void syncAll() {
        for (String cluster : clustersWithTeams()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                sync(cluster);
            } catch (RuntimeException e) {
                log.warn("Profile sync of Kubernetes cluster {} failed", cluster, e);
            }
        }
    }

    void sync(String cluster) {
        List<String> teams = teamsOn(cluster);
        Map<String, GenericKubernetesResource> onCluster = new HashMap<>();
        KubeApi api;
        try {
            api = clients.forCluster(cluster);
            api.list(KubernetesFeature.PROFILES, selector)
                    .items()
                    .forEach(p -> onCluster.put(p.getMetadata().getName(), p));
        } catch (UserFacingException e) {
            // unreachable: the pending pushes record why, the others wait for the next round
            teams.stream().filter(t -> pusher.status(t, cluster).pending()).forEach(t -> pusher.push(t, cluster));
            return;
        }
        JdbcKubernetesClusters.ClusterRef ref = pusher.ref(cluster);
        for (String team : teams) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            ProfileStatus status = pusher.status(team, cluster);
            if (status.pending()) {
                pusher.push(team, cluster);
                continue;
            }
            String name = ref.profileName(team);
            var desired = ProfileSpecs.desired(name, team, pusher.wanted(team, cluster), instance);
            String differences = ProfileSpecs.differences(desired, onCluster.get(name), instance);
            if (!differences.isEmpty()) {
                log.info("Profile {} of team {} on {} drifted: {}", name, team, cluster, differences);
                pusher.drifted(team, cluster, differences);
                pusher.push(team, cluster);
            }
        }
        for (GenericKubernetesResource p : onCluster.values()) {
            Map<String, String> labels =
                    Objects.requireNonNullElse(p.getMetadata().getLabels(), Map.of());
            String team = labels.get(FederaLabels.TEAM);
            if (team != null && !teams.contains(team) && p.getMetadata().getDeletionTimestamp() == null) {
                log.info(
                        "Profile {} of team {} on {}: the team may no longer use the cluster",
                        p.getMetadata().getName(),
                        team,
                        cluster);
                pusher.remove(team, cluster);
            }
        }
    }

    private List<String> clustersWithTeams() {
        return jdbc.sql("""
                        select distinct c.name from kubernetes_team_access a
                        join kubernetes_clusters c on c.id = a.cluster_id where c.enabled order by c.name""").query(String.class).list();
    }

    private List<String> teamsOn(String cluster) {
        return jdbc.sql("""
                        select a.team from kubernetes_team_access a join kubernetes_clusters c on c.id = a.cluster_id
                        where c.name = :name order by a.team""").param("name", cluster).query(String.class).list();
    }
}

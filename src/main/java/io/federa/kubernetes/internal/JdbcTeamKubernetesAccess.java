package io.federa.kubernetes.internal;

import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.shared.AfterCommit;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcTeamKubernetesAccess implements TeamKubernetesAccess {

    private static final Logger log = LoggerFactory.getLogger(JdbcTeamKubernetesAccess.class);

    private final JdbcClient jdbc;
    private final ProfilePusher pusher;
    private final TeamDirectory directory;
    private final Clock clock;

    JdbcTeamKubernetesAccess(JdbcClient jdbc, ProfilePusher pusher, TeamDirectory directory, Clock clock) {
        this.jdbc = jdbc;
        this.pusher = pusher;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> teamsOn(String cluster) {
        return jdbc.sql("""
                        select a.team from kubernetes_team_access a join kubernetes_clusters c on c.id = a.cluster_id
                        where c.name = :cluster order by a.team""").param("cluster", cluster).query(String.class).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> clustersOf(String team) {
        return jdbc.sql("""
                        select c.name from kubernetes_team_access a join kubernetes_clusters c on c.id = a.cluster_id
                        where a.team = :team order by c.name""").param("team", team).query(String.class).list();
    }

    @Override
    @Transactional(readOnly = true)
    public boolean mayUse(String team, String cluster) {
        return clustersOf(team).contains(cluster);
    }

    @Override
    @Transactional
    public void grant(String cluster, String team) {
        JdbcKubernetesClusters.ClusterRef ref = pusher.ref(cluster);
        if (directory.allTeams().stream().map(TeamOverview::name).noneMatch(team::equals)) {
            throw new InvalidKubernetesSettingsException("No team named " + team + ".");
        }
        int added = jdbc.sql("""
                        insert into kubernetes_team_access (cluster_id, team, granted_by, granted_at)
                        values (:c, :team, :by, :now) on conflict do nothing""")
                .param("c", ref.id())
                .param("team", team)
                .param(
                        "by",
                        SecurityContextHolder.getContext().getAuthentication().getName())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (added > 0) {
            log.info("team {} may use Kubernetes cluster {}", team, cluster);
        }
        AfterCommit.run(() -> pusher.push(team, cluster));
    }

    @Override
    @Transactional
    public void revoke(String cluster, String team) {
        JdbcKubernetesClusters.ClusterRef ref = pusher.ref(cluster);
        int removed = jdbc.sql("delete from kubernetes_team_access where cluster_id = :c and team = :team")
                .param("c", ref.id())
                .param("team", team)
                .update();
        pusher.forget(ref.id(), team);
        if (removed > 0) {
            log.info("team {} may no longer use Kubernetes cluster {}", team, cluster);
        }
        AfterCommit.run(() -> pusher.remove(team, cluster));
    }
}

package io.federa.kubernetes.internal;

import io.federa.identity.CurrentUser;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.MirroredResource;
import io.federa.shared.NotAllowedException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the mirror, scoped by team; never calls an API server. */
@Service
class JdbcKubernetesResources implements KubernetesResources {

    private static final String SELECT = """
            select c.name as cluster_name, r.* from kubernetes_resources r
            join kubernetes_clusters c on c.id = r.cluster_id""";
    private static final String ORDER = " order by c.name, r.kind, r.namespace, r.name";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TeamDirectory directory;

    JdbcKubernetesResources(JdbcClient jdbc, TeamDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @Override
    @Transactional(readOnly = true)
    public List<MirroredResource> ofTeam(CurrentUser user, String team) {
        if (!directory.mayActFor(user, team)) {
            throw new NotAllowedException("You are not a member of team " + team + ".");
        }
        return jdbc.sql(SELECT + " where r.team = :team" + ORDER)
                .param("team", team)
                .query((rs, n) -> resource(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<MirroredResource> visibleTo(CurrentUser user) {
        if (user.isPortalAdmin()) {
            return jdbc.sql(SELECT + ORDER).query((rs, n) -> resource(rs)).list();
        }
        List<String> teams =
                directory.teamsOf(user).stream().map(TeamOverview::name).toList();
        if (teams.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where r.team in (:teams)" + ORDER)
                .param("teams", teams)
                .query((rs, n) -> resource(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MirroredResource> find(String cluster, KubernetesFeature kind, String namespace, String name) {
        return jdbc.sql(SELECT + " where c.name = :cluster and r.kind = :kind and r.namespace = :ns and r.name = :name")
                .param("cluster", cluster)
                .param("kind", kind.name())
                .param("ns", namespace)
                .param("name", name)
                .query((rs, n) -> resource(rs))
                .optional();
    }

    private static MirroredResource resource(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new MirroredResource(
                rs.getString("cluster_name"),
                KubernetesFeature.valueOf(rs.getString("kind")),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getString("uid"),
                rs.getString("resource_version"),
                rs.getString("team"),
                rs.getString("owner"),
                JSON.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() {}),
                rs.getString("spec"),
                rs.getString("status"),
                created == null ? null : created.toInstant(),
                rs.getTimestamp("mirrored_at").toInstant());
    }
}

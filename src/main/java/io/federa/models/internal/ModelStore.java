package io.federa.models.internal;

import io.federa.models.Deployment;
import io.federa.models.ModelFormat;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionRequest;
import io.federa.models.PromotionState;
import io.federa.models.RegisteredModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The module's reads, shared by its services; no access checks here (the services make them). */
@Component
class ModelStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String MODELS = """
            select m.*, (select count(*) from model_versions v where v.model_id = m.id) as versions
            from registered_models m""";
    private static final String VERSIONS = """
            select v.*, m.team, m.name as model_name from model_versions v
            join registered_models m on m.id = v.model_id""";
    private static final String REQUESTS = """
            select r.*, m.name as model_name, v.version from promotion_requests r
            join registered_models m on m.id = r.model_id join model_versions v on v.id = r.version_id""";
    private static final String DEPLOYMENTS = """
            select d.*, m.name as model_name, v.version from model_deployments d
            join registered_models m on m.id = d.model_id join model_versions v on v.id = d.version_id""";

    private final JdbcClient jdbc;

    ModelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    List<RegisteredModel> models(@Nullable List<String> teams) {
        if (teams == null) {
            return jdbc.sql(MODELS + " order by m.team, m.name")
                    .query(this::modelRow)
                    .list();
        }
        return jdbc.sql(MODELS + " where m.team in (:teams) order by m.team, m.name")
                .param("teams", teams)
                .query(this::modelRow)
                .list();
    }

    Optional<RegisteredModel> model(long id) {
        return jdbc.sql(MODELS + " where m.id = :id")
                .param("id", id)
                .query(this::modelRow)
                .optional();
    }

    Optional<RegisteredModel> modelByName(String team, String name) {
        return jdbc.sql(MODELS + " where m.team = :team and m.name = :name")
                .param("team", team)
                .param("name", name)
                .query(this::modelRow)
                .optional();
    }

    private RegisteredModel modelRow(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        var aliases = new TreeMap<String, Integer>();
        jdbc.sql("""
                        select a.alias, v.version from model_aliases a join model_versions v on v.id = a.version_id
                        where a.model_id = :id""")
                .param("id", id)
                .query((r, i) -> aliases.put(r.getString(1), r.getInt(2)))
                .list();
        return new RegisteredModel(
                id,
                rs.getString("team"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getInt("versions"),
                aliases);
    }

    List<ModelVersion> versions(long modelId) {
        return jdbc.sql(VERSIONS + " where v.model_id = :id order by v.version desc")
                .param("id", modelId)
                .query(this::versionRow)
                .list();
    }

    Optional<ModelVersion> version(long id) {
        return jdbc.sql(VERSIONS + " where v.id = :id")
                .param("id", id)
                .query(this::versionRow)
                .optional();
    }

    List<ModelVersion> versionsOfRun(String runId) {
        return jdbc.sql(VERSIONS + " where v.run_id = :run order by v.id")
                .param("run", runId)
                .query(this::versionRow)
                .list();
    }

    private ModelVersion versionRow(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        var tags = new TreeMap<String, String>();
        jdbc.sql("select key, value from model_version_tags where version_id = :id")
                .param("id", id)
                .query((r, i) -> tags.put(r.getString(1), r.getString(2)))
                .list();
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new ModelVersion(
                id,
                rs.getLong("model_id"),
                rs.getString("team"),
                rs.getString("model_name"),
                rs.getInt("version"),
                ModelFormat.parse(rs.getString("format")),
                rs.getString("source"),
                rs.getString("run_id"),
                rs.getString("artifact_name"),
                rs.getString("artifact_sha256"),
                rs.getLong("artifact_size"),
                rs.getString("template"),
                rs.getString("script"),
                JSON.readValue(rs.getString("params"), new TypeReference<Map<String, String>>() {}),
                JSON.readValue(rs.getString("metrics"), new TypeReference<Map<String, Double>>() {}),
                rs.getString("cluster_name"),
                rs.getString("git_commit"),
                rs.getString("model_card"),
                tags,
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                deleted == null ? null : deleted.toInstant());
    }

    /** Environments where the version serves now (the last APPLIED deployment of its model there). */
    List<String> environmentsServing(long versionId) {
        return jdbc.sql("""
                        select d.environment from model_deployments d
                        where d.id in (select max(id) from model_deployments where state = 'APPLIED'
                                       group by model_id, environment)
                          and d.version_id = :v order by d.environment""").param("v", versionId).query(String.class).list();
    }

    // ---- requests

    List<PromotionRequest> requests(String where, Map<String, ?> params) {
        return jdbc.sql(REQUESTS + " where " + where)
                .params(params)
                .query(this::requestRow)
                .list();
    }

    Optional<PromotionRequest> request(long id) {
        return requests("r.id = :id", Map.of("id", id)).stream().findFirst();
    }

    private PromotionRequest requestRow(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<PromotionRequest.Decision> decisions = jdbc.sql("""
                        select decided_by, approved, comment, decided_at from promotion_decisions
                        where request_id = :id order by decided_at""")
                .param("id", id)
                .query((r, i) -> new PromotionRequest.Decision(
                        r.getString(1),
                        r.getBoolean(2),
                        r.getString(3),
                        r.getTimestamp(4).toInstant()))
                .list();
        return new PromotionRequest(
                id,
                rs.getString("team"),
                rs.getLong("model_id"),
                rs.getString("model_name"),
                rs.getLong("version_id"),
                rs.getInt("version"),
                rs.getString("environment"),
                rs.getString("kind"),
                rs.getBoolean("canary"),
                rs.getString("requested_by"),
                rs.getString("comment"),
                PromotionState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("decided_at")),
                decisions);
    }

    // ---- deployments

    List<Deployment> deployments(String where, Map<String, ?> params) {
        return jdbc.sql(DEPLOYMENTS + " where " + where + " order by d.id desc")
                .params(params)
                .query(ModelStore::deployment)
                .list();
    }

    Optional<Deployment> lastApplied(long modelId, String environment) {
        return deployments(
                        "d.model_id = :m and d.environment = :e and d.state = 'APPLIED'",
                        Map.of("m", modelId, "e", environment))
                .stream()
                .findFirst();
    }

    private static Deployment deployment(ResultSet rs, int n) throws SQLException {
        long request = rs.getLong("request_id");
        Long requestId = rs.wasNull() ? null : request;
        return new Deployment(
                rs.getLong("id"),
                rs.getString("team"),
                rs.getString("environment"),
                rs.getLong("model_id"),
                rs.getString("model_name"),
                rs.getLong("version_id"),
                rs.getInt("version"),
                requestId,
                rs.getString("step"),
                rs.getInt("traffic_percent"),
                rs.getString("cluster_name"),
                rs.getString("namespace"),
                rs.getString("isvc_name"),
                rs.getString("requested_by"),
                rs.getString("approved_by"),
                rs.getString("state"),
                rs.getString("error"),
                rs.getTimestamp("created_at").toInstant());
    }

    static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static Map<String, Object> params(Object... kv) {
        var m = new HashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    void lockModel(long modelId) {
        jdbc.sql("select id from registered_models where id = :id for update")
                .param("id", modelId)
                .query(Long.class)
                .single();
    }
}

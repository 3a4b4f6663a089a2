package io.federa.templates.internal;

import io.federa.identity.CurrentUser;
import io.federa.submission.SubmissionProperties;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRefusedException;
import io.federa.templates.TemplateRendering;
import io.federa.tenancy.TeamDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Templates in table {@code run_templates}; parameters as a JSON array (they are read and written whole). */
@Service
class JdbcRunTemplates implements RunTemplates {

    private static final TypeReference<List<TemplateParam>> PARAMS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final TeamDirectory teams;
    private final Clock clock;
    private final SubmissionProperties props;
    private final JsonMapper json = JsonMapper.builder().build();

    private final TemplatesAudit audit;

    JdbcRunTemplates(
            JdbcClient jdbc, TeamDirectory teams, Clock clock, SubmissionProperties props, TemplatesAudit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.teams = teams;
        this.clock = clock;
        this.props = props;
    }

    private boolean mayRead(CurrentUser user) {
        return user.isPortalAdmin() || user.groups().stream().anyMatch(t -> teams.mayActFor(user, t));
    }

    @Override
    @Transactional(readOnly = true)
    public List<RunTemplate> list(CurrentUser user) {
        if (!mayRead(user)) {
            return List.of();
        }
        return jdbc.sql("select * from run_templates order by name")
                .query(this::row)
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<RunTemplate> find(CurrentUser user, String id) {
        if (!mayRead(user)) {
            return Optional.empty();
        }
        return stored(id);
    }

    @Override
    @Transactional
    public RunTemplate save(CurrentUser admin, RunTemplate t) {
        List<String> problems = new java.util.ArrayList<>(TemplateRendering.validate(t, props.maxScriptBytes()));
        boolean nameTaken = jdbc.sql("select count(*) from run_templates where name = :name and id <> :id")
                        .param("name", t.name())
                        .param("id", t.id())
                        .query(Integer.class)
                        .single()
                > 0;
        if (nameTaken) {
            problems.add("Another template is already called \"" + t.name() + "\".");
        }
        if (!problems.isEmpty()) {
            throw new TemplateRefusedException(problems);
        }
        var now = clock.instant();
        RunTemplate before = stored(t.id()).orElse(null);
        jdbc.sql("""
                        insert into run_templates (id, name, description, script, params, updated_at, updated_by)
                        values (:id, :name, :description, :script, :params, :now, :by)
                        on conflict (id) do update set name = excluded.name, description = excluded.description,
                            script = excluded.script, params = excluded.params, updated_at = excluded.updated_at,
                            updated_by = excluded.updated_by""")
                .param("id", t.id())
                .param("name", t.name().strip())
                .param("description", t.description())
                .param("script", t.script())
                .param("params", json.writeValueAsString(t.params()))
                .param("now", Timestamp.from(now))
                .param("by", admin.username())
                .update();
        var saved = new RunTemplate(
                t.id(), t.name().strip(), t.description(), t.script(), t.params(), now, admin.username());
        audit.templateSaved(admin, before, saved);
        return saved;
    }

    @Override
    @Transactional
    public void delete(String id) {
        stored(id).ifPresent(audit::templateDeleted);
        jdbc.sql("delete from run_templates where id = :id").param("id", id).update();
    }

    private java.util.Optional<RunTemplate> stored(String id) {
        return jdbc.sql("select * from run_templates where id = :id")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    private RunTemplate row(ResultSet rs, int n) throws SQLException {
        Timestamp at = rs.getTimestamp("updated_at");
        return new RunTemplate(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("script"),
                json.readValue(rs.getString("params"), PARAMS),
                at == null ? null : at.toInstant(),
                rs.getString("updated_by"));
    }
}

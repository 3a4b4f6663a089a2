package io.federa.access.internal;

import io.federa.access.ApplyRecord;
import io.federa.access.ApplyStep;
import io.federa.access.DriftReport;
import io.federa.access.PlannedChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The apply log and the last drift report per cluster (V0009). */
@Component
class PermissionsStore {

    private final JdbcClient jdbc;

    PermissionsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long startApply(String cluster, @Nullable String team, String by, Instant at, String fingerprint) {
        return jdbc.sql("""
                        insert into access_applies (cluster_name, team, applied_by, started_at, fingerprint)
                        values (:c, :t, :by, :at, :f) returning id""")
                .param("c", cluster)
                .param("t", team)
                .param("by", by)
                .param("at", Timestamp.from(at))
                .param("f", fingerprint)
                .query(Long.class)
                .single();
    }

    void step(long applyId, ApplyStep step) {
        PlannedChange c = step.change();
        String sql = """
                insert into access_apply_steps (apply_id, position, kind, account, slurm_user, qos, default_qos,
                                                details, why, ok, error, done_at)
                values (:id, :pos, :kind, :account, :user, :qos, :dqos, :details, :why, :ok, :error, :at)""";
        withChange(jdbc.sql(sql), c)
                .param("id", applyId)
                .param("pos", step.position())
                .param("ok", step.ok())
                .param("error", step.error())
                .param("at", Timestamp.from(step.doneAt()))
                .update();
    }

    void finishApply(long applyId, Instant at) {
        jdbc.sql("update access_applies set finished_at = :at where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", applyId)
                .update();
    }

    @Transactional(readOnly = true)
    List<ApplyRecord> applies(String cluster, int limit) {
        return jdbc
                .sql("""
                        select id, cluster_name, team, applied_by, started_at, finished_at, fingerprint
                        from access_applies where cluster_name = :c order by started_at desc, id desc limit :n""")
                .param("c", cluster)
                .param("n", limit)
                .query((rs, n) -> new ApplyRecord(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        instant(rs.getTimestamp(6)),
                        rs.getString(7),
                        List.of()))
                .list()
                .stream()
                .map(r -> new ApplyRecord(
                        r.id(),
                        r.cluster(),
                        r.team(),
                        r.appliedBy(),
                        r.startedAt(),
                        r.finishedAt(),
                        r.fingerprint(),
                        steps(r.id())))
                .toList();
    }

    private List<ApplyStep> steps(long applyId) {
        return jdbc.sql("""
                        select position, kind, account, slurm_user, qos, default_qos, details, why, ok, error, done_at
                        from access_apply_steps where apply_id = :id order by position""")
                .param("id", applyId)
                .query((rs, n) -> new ApplyStep(
                        rs.getInt(1),
                        change(rs, 2),
                        rs.getBoolean(9),
                        rs.getString(10),
                        rs.getTimestamp(11).toInstant()))
                .list();
    }

    @Transactional
    void saveDrift(DriftReport report) {
        jdbc.sql("delete from access_drift where cluster_name = :c")
                .param("c", report.cluster())
                .update();
        jdbc.sql("insert into access_drift (cluster_name, checked_at, error) values (:c, :at, :e)")
                .param("c", report.cluster())
                .param("at", Timestamp.from(report.checkedAt()))
                .param("e", report.error())
                .update();
        int position = 0;
        for (PlannedChange c : report.findings()) {
            String sql = """
                    insert into access_drift_findings (cluster_name, position, kind, account, slurm_user, qos,
                                                       default_qos, details, why)
                    values (:cl, :pos, :kind, :account, :user, :qos, :dqos, :details, :why)""";
            withChange(jdbc.sql(sql), c)
                    .param("cl", report.cluster())
                    .param("pos", ++position)
                    .update();
        }
    }

    @Transactional(readOnly = true)
    Optional<DriftReport> drift(String cluster) {
        var findings = jdbc.sql("""
                        select kind, account, slurm_user, qos, default_qos, details, why
                        from access_drift_findings where cluster_name = :c order by position""")
                .param("c", cluster)
                .query((rs, n) -> change(rs, 1))
                .list();
        return jdbc.sql("select checked_at, error from access_drift where cluster_name = :c")
                .param("c", cluster)
                .query((rs, n) -> new DriftReport(cluster, rs.getTimestamp(1).toInstant(), findings, rs.getString(2)))
                .optional();
    }

    /** Binds a change's columns (the named parameters :kind … :why), the same in steps and drift findings. */
    private static JdbcClient.StatementSpec withChange(JdbcClient.StatementSpec spec, PlannedChange c) {
        return spec.param("kind", c.kind().name())
                .param("account", c.account())
                .param("user", c.user())
                .param("qos", String.join(",", c.qos()))
                .param("dqos", c.defaultQos())
                .param("details", c.details())
                .param("why", c.why());
    }

    /** A change from the columns kind, account, slurm_user, qos, default_qos, details, why at {@code from}. */
    private static PlannedChange change(ResultSet rs, int from) throws SQLException {
        String qos = rs.getString(from + 3);
        return new PlannedChange(
                PlannedChange.Kind.valueOf(rs.getString(from)),
                rs.getString(from + 1),
                rs.getString(from + 2),
                qos.isBlank() ? List.of() : Arrays.asList(qos.split(",")),
                rs.getString(from + 4),
                rs.getString(from + 5),
                rs.getString(from + 6));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

package io.federa.quota.internal;

import io.federa.quota.QosPushStatus;
import io.federa.quota.TeamQuota;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reading {@code team_quotas} and {@code quota_qos_pushes} rows, shared by the quota service and the QOS pusher. */
final class QuotaRows {

    record Versioned(TeamQuota quota, long version) {}

    private QuotaRows() {}

    static Optional<Versioned> find(JdbcClient jdbc, String team, String cluster, boolean lock) {
        return jdbc.sql("select * from team_quotas where team = :team and cluster_name = :cluster"
                        + (lock ? " for update" : ""))
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> new Versioned(quota(rs), rs.getLong("version")))
                .optional();
    }

    static TeamQuota quota(ResultSet rs) throws SQLException {
        return new TeamQuota(
                rs.getString("team"),
                rs.getString("cluster_name"),
                (Integer) rs.getObject("max_cpus"),
                (Integer) rs.getObject("max_gpus"),
                (Integer) rs.getObject("max_jobs"),
                (Integer) rs.getObject("cpu_hours_per_month"),
                (Integer) rs.getObject("gpu_hours_per_month"));
    }

    /**
     * The push state of a {@code quota_qos_pushes} row; {@code qos} is its QOS name (the row's may be
     * missing when there is no row yet), {@code version} the quota's current version (pending while
     * the pushed version is older).
     */
    static QosPushStatus pushStatus(ResultSet rs, String qos, long version) throws SQLException {
        Long pushed = (Long) rs.getObject("pushed_version");
        return new QosPushStatus(
                qos,
                pushed == null || pushed < version,
                instant(rs, "pushed_at"),
                instant(rs, "last_attempt_at"),
                rs.getString("last_error"),
                rs.getString("note"),
                rs.getString("drift"),
                instant(rs, "drift_at"));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

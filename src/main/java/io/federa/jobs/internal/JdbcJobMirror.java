package io.federa.jobs.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.JobState;
import io.federa.identity.CurrentUser;
import io.federa.jobs.JobFilter;
import io.federa.jobs.JobMirror;
import io.federa.jobs.JobSort;
import io.federa.jobs.MirroredJob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scoped reads of the mirror. The scope is a list of (cluster, account) pairs from the user's teams,
 * bound as parameters; filters and sort are whitelisted, never concatenated from input.
 */
@Service
@Transactional(readOnly = true)
class JdbcJobMirror implements JobMirror {

    static final int MAX_PAGE = 500;

    private final JdbcClient jdbc;
    private final TeamAccounts teamAccounts;

    JdbcJobMirror(JdbcClient jdbc, TeamAccounts teamAccounts) {
        this.jdbc = jdbc;
        this.teamAccounts = teamAccounts;
    }

    @Override
    public List<MirroredJob> page(CurrentUser user, JobFilter filter, JobSort sort, int offset, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (!scope(user, where, params)) {
            return List.of();
        }
        eq(where, params, "cluster_name", "cluster", filter.cluster());
        eq(
                where,
                params,
                "state",
                "state",
                filter.state() == null ? null : filter.state().name());
        eq(where, params, "slurm_user", "user", filter.user());
        eq(where, params, "account", "account", filter.account());
        eq(where, params, "partition_name", "partition", filter.partition());
        params.put("limit", Math.clamp(limit, 1, MAX_PAGE));
        params.put("offset", Math.max(offset, 0));
        String sql = "select * from mirrored_jobs"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + orderBy(sort) + " limit :limit offset :offset";
        return jdbc.sql(sql).params(params).query((rs, n) -> job(rs)).list();
    }

    @Override
    public Optional<MirroredJob> find(CurrentUser user, String cluster, long jobId) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (!scope(user, where, params)) {
            return Optional.empty();
        }
        where.add("cluster_name = :cluster and job_id = :jobId");
        params.put("cluster", cluster);
        params.put("jobId", jobId);
        return jdbc.sql("select * from mirrored_jobs where " + String.join(" and ", where))
                .params(params)
                .query((rs, n) -> job(rs))
                .optional();
    }

    /** Adds the visibility condition; false when the user may see nothing at all. */
    private boolean scope(CurrentUser user, List<String> where, Map<String, Object> params) {
        if (user.isPortalAdmin()) {
            return true;
        }
        Set<ClusterAccount> accounts = teamAccounts.accountsOf(user.groups());
        if (accounts.isEmpty()) {
            return false;
        }
        where.add("(cluster_name, account) in (:scope)");
        params.put(
                "scope",
                accounts.stream()
                        .map(a -> new Object[] {a.cluster(), a.account()})
                        .toList());
        return true;
    }

    private static void eq(
            List<String> where, Map<String, Object> params, String column, String param, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            where.add(column + " = :" + param);
            params.put(param, value.trim());
        }
    }

    private static String orderBy(JobSort sort) {
        return switch (sort) {
            case NEWEST_FIRST -> "submit_time desc nulls last, job_id desc";
            case OLDEST_FIRST -> "submit_time asc nulls first, job_id asc";
            case JOB_ID_DESC -> "job_id desc, cluster_name";
            case JOB_ID_ASC -> "job_id asc, cluster_name";
        };
    }

    private static MirroredJob job(ResultSet rs) throws SQLException {
        return new MirroredJob(
                rs.getString("cluster_name"),
                rs.getLong("job_id"),
                rs.getString("name"),
                rs.getString("slurm_user"),
                rs.getString("account"),
                rs.getString("partition_name"),
                JobState.parse(rs.getString("state")),
                rs.getString("state_flags"),
                rs.getString("state_reason"),
                instant(rs.getTimestamp("submit_time")),
                instant(rs.getTimestamp("start_time")),
                instant(rs.getTimestamp("end_time")),
                rs.getInt("cpus"),
                rs.getInt("node_count"),
                rs.getString("nodes"),
                (Integer) rs.getObject("time_limit_minutes"),
                (Integer) rs.getObject("exit_code"),
                rs.getString("comment"),
                rs.getTimestamp("mirrored_at").toInstant());
    }

    private static java.time.@Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

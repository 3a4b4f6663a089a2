package io.federa.mirror.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.JobState;
import io.federa.identity.CurrentUser;
import io.federa.mirror.CarryingJob;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import io.federa.mirror.MirroredJob;
import io.federa.mirror.QueuePosition;
import io.federa.mirror.TrackedJob;
import io.federa.tenancy.TeamDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * Scoped reads of the mirror. The scope is a list of (cluster, account) pairs from the teams the user
 * may act for ({@link TeamDirectory#teamsInScope}), bound as parameters; filters and sort are
 * whitelisted, never concatenated from input.
 */
@Service
@Transactional(readOnly = true)
class JdbcJobMirror implements JobMirror {

    static final int MAX_PAGE = 500;

    /** The columns of {@link TrackedJob}. */
    private static final String TRACKED =
            "job_id, slurm_user, comment, state, state_reason, exit_code, final, " + "array_job_id, array_task_id";

    private final JdbcClient jdbc;
    private final TeamAccounts teamAccounts;
    private final TeamDirectory teams;

    JdbcJobMirror(JdbcClient jdbc, TeamAccounts teamAccounts, TeamDirectory teams) {
        this.jdbc = jdbc;
        this.teamAccounts = teamAccounts;
        this.teams = teams;
    }

    @Override
    public List<MirroredJob> page(CurrentUser user, JobFilter filter, JobSort sort, int offset, int limit) {
        if (offset >= MAX_ROWS) {
            return List.of();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
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
        int skip = Math.max(offset, 0);
        int pageSize = Math.min(Math.clamp(limit, 1, MAX_PAGE), MAX_ROWS - skip);
        params.put("limit", pageSize);
        params.put("offset", skip);
        String order = " order by " + orderBy(sort);
        String sql;
        if (user.isPortalAdmin()) {
            sql = "select * from mirrored_jobs" + where(where) + order + " limit :limit offset :offset";
        } else {
            List<ClusterAccount> scope = List.copyOf(accountsInScope(user));
            if (scope.isEmpty()) {
                return List.of();
            }
            // One ordered, limited branch per (cluster, account): each walks its index in order and
            // PostgreSQL merges them, instead of sorting all of a team's jobs for every page.
            params.put("branchLimit", skip + pageSize);
            List<String> branches = new ArrayList<>();
            for (int i = 0; i < scope.size(); i++) {
                List<String> branchWhere = new ArrayList<>(where);
                branchWhere.add("cluster_name = :sc" + i + " and account = :sa" + i);
                params.put("sc" + i, scope.get(i).cluster());
                params.put("sa" + i, scope.get(i).account());
                branches.add("(select * from mirrored_jobs" + where(branchWhere) + order + " limit :branchLimit)");
            }
            sql = "select * from (" + String.join(" union all ", branches) + ") scoped" + order
                    + " limit :limit offset :offset";
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> job(rs)).list();
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
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

    @Override
    @Transactional(readOnly = true)
    public Optional<MirroredJob> job(String cluster, long jobId) {
        return jdbc.sql("select * from mirrored_jobs where cluster_name = :cluster and job_id = :jobId")
                .param("cluster", cluster)
                .param("jobId", jobId)
                .query((rs, n) -> job(rs))
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<QueuePosition> queuePosition(String cluster, long jobId) {
        return jdbc.sql("""
                        with me as (
                            select m.cluster_name, m.partition_name, coalesce(m.submit_time, m.mirrored_at) as t,
                                m.job_id
                            from mirrored_jobs m
                            where m.cluster_name = :cluster and m.job_id = :jobId
                              and m.state = 'PENDING' and not m.final)
                        select me.cluster_name, me.partition_name,
                            count(*) filter (where (coalesce(o.submit_time, o.mirrored_at), o.job_id) <= (me.t, me.job_id))
                                as position,
                            count(*) as pending
                        from me join mirrored_jobs o
                            on o.cluster_name = me.cluster_name and o.partition_name = me.partition_name
                            and o.state = 'PENDING' and not o.final
                        group by me.cluster_name, me.partition_name""")
                .param("cluster", cluster)
                .param("jobId", jobId)
                .query((rs, n) -> new QueuePosition(
                        rs.getInt("position"),
                        rs.getInt("pending"),
                        rs.getString("cluster_name"),
                        rs.getString("partition_name")))
                .optional();
    }

    @Override
    public Map<String, Integer> pendingPerCluster() {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbc.sql("select cluster_name, count(*) from mirrored_jobs where not final and state = 'PENDING' "
                        + "group by cluster_name order by cluster_name")
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getInt(2));
                });
        return out;
    }

    @Override
    public Map<Long, TrackedJob> jobs(String cluster, Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, TrackedJob> out = new HashMap<>();
        // one array parameter, whatever the number of runs (an IN list would be a parameter per id)
        jdbc.sql("select " + TRACKED + " from mirrored_jobs"
                        + " where cluster_name = :c and job_id = any(cast(:ids as bigint[]))")
                .param("c", cluster)
                .param("ids", jobIds.stream().distinct().toArray(Long[]::new))
                .query((rs, n) -> tracked(rs))
                .list()
                .forEach(j -> out.put(j.jobId(), j));
        return out;
    }

    @Override
    public List<TrackedJob> arrayTasks(String cluster, Collection<Long> arrayJobIds) {
        if (arrayJobIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + TRACKED + " from mirrored_jobs where cluster_name = :c"
                        + " and (array_job_id = any(cast(:a as bigint[]))"
                        + " or (job_id = any(cast(:a as bigint[])) and array_task_id is null))"
                        + " order by job_id")
                .param("c", cluster)
                .param("a", arrayJobIds.stream().distinct().toArray(Long[]::new))
                .query((rs, n) -> tracked(rs))
                .list();
    }

    private static TrackedJob tracked(ResultSet rs) throws SQLException {
        return new TrackedJob(
                rs.getLong("job_id"),
                rs.getString("slurm_user"),
                rs.getString("comment"),
                JobState.parse(rs.getString("state")),
                rs.getString("state_reason"),
                (Integer) rs.getObject("exit_code"),
                rs.getBoolean("final"),
                (Long) rs.getObject("array_job_id"),
                (Integer) rs.getObject("array_task_id"));
    }

    /** Adds the visibility condition; false when the user may see nothing at all. */
    private boolean scope(CurrentUser user, List<String> where, Map<String, Object> params) {
        if (user.isPortalAdmin()) {
            return true;
        }
        Set<ClusterAccount> accounts = accountsInScope(user);
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

    /**
     * The Slurm accounts of the teams the user may act for now (tenancy's memberships), not of the
     * session's groups claim, which stays as it was at login.
     */
    private Set<ClusterAccount> accountsInScope(CurrentUser user) {
        return teamAccounts.accountsOf(teams.teamsInScope(user));
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
            // exactly the indexes' order (DESC means NULLS FIRST in PostgreSQL), so no sort is needed
            case NEWEST_FIRST -> "submit_time desc, job_id desc";
            case OLDEST_FIRST -> "submit_time asc, job_id asc";
            case JOB_ID_DESC -> "job_id desc, cluster_name asc";
            case JOB_ID_ASC -> "job_id asc, cluster_name desc";
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
                rs.getInt("gpus"),
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

    @Override
    public List<CarryingJob> carrying(String cluster, String comment, String slurmUser, String account) {
        return jdbc.sql("""
                        select job_id, array_job_id from mirrored_jobs where cluster_name = :c and comment = :comment
                            and slurm_user = :user and lower(account) = lower(:account)
                        order by job_id""")
                .param("c", cluster)
                .param("comment", comment)
                .param("user", slurmUser)
                .param("account", account)
                .query((rs, n) -> new CarryingJob(rs.getLong(1), (Long) rs.getObject(2)))
                .list();
    }
}

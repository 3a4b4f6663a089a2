package io.federa.mirror.internal;

import io.federa.clusters.SlurmJob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes the job mirror and the pollers' cursors. Only the pollers write here. */
@Repository
class JdbcJobStore {

    record Cursor(@Nullable Instant changedSince, @Nullable Instant lastFullSync) {}

    /** Updates only rows whose visible fields changed, so the count says what really changed. */
    private static final String UPSERT = """
            insert into mirrored_jobs (cluster_name, job_id, name, slurm_user, account, partition_name, state,
                state_flags, state_reason, submit_time, start_time, end_time, cpus, gpus, node_count, nodes,
                time_limit_minutes, exit_code, comment, array_job_id, array_task_id, final, mirrored_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (cluster_name, job_id) do update set
                name = excluded.name, slurm_user = excluded.slurm_user, account = excluded.account,
                partition_name = excluded.partition_name, state = excluded.state,
                state_flags = excluded.state_flags, state_reason = excluded.state_reason,
                submit_time = excluded.submit_time, start_time = excluded.start_time,
                end_time = excluded.end_time, cpus = excluded.cpus, gpus = excluded.gpus, node_count = excluded.node_count,
                nodes = excluded.nodes, time_limit_minutes = excluded.time_limit_minutes,
                exit_code = excluded.exit_code, comment = excluded.comment,
                array_job_id = excluded.array_job_id, array_task_id = excluded.array_task_id,
                final = excluded.final, mirrored_at = excluded.mirrored_at, usage_recorded_at = null
            where (mirrored_jobs.state, mirrored_jobs.state_flags, mirrored_jobs.state_reason,
                   mirrored_jobs.start_time, mirrored_jobs.end_time, mirrored_jobs.exit_code,
                   mirrored_jobs.nodes, mirrored_jobs.partition_name, mirrored_jobs.cpus,
                   mirrored_jobs.gpus, mirrored_jobs.time_limit_minutes, mirrored_jobs.name, mirrored_jobs.comment)
               is distinct from
                  (excluded.state, excluded.state_flags, excluded.state_reason, excluded.start_time,
                   excluded.end_time, excluded.exit_code, excluded.nodes, excluded.partition_name,
                   excluded.cpus, excluded.gpus, excluded.time_limit_minutes, excluded.name, excluded.comment)
            """;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    JdbcJobStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    Cursor cursor(String cluster) {
        return jdbc.sql("select changed_since, last_full_sync from job_poll_cursors where cluster_name = :c")
                .param("c", cluster)
                .query((rs, n) -> new Cursor(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))))
                .optional()
                .orElse(new Cursor(null, null));
    }

    void saveCursor(String cluster, Instant changedSince, @Nullable Instant lastFullSync, Instant polledAt) {
        jdbc.sql("""
                        insert into job_poll_cursors (cluster_name, changed_since, last_full_sync, last_poll)
                        values (:c, :since, :full, :poll)
                        on conflict (cluster_name) do update set changed_since = excluded.changed_since,
                            last_full_sync = excluded.last_full_sync, last_poll = excluded.last_poll""")
                .param("c", cluster)
                .param("since", Timestamp.from(changedSince))
                .param("full", lastFullSync == null ? null : Timestamp.from(lastFullSync), Types.TIMESTAMP)
                .param("poll", Timestamp.from(polledAt))
                .update();
    }

    /** Inserts or updates jobs; returns how many rows were new or changed. */
    int upsert(String cluster, List<SlurmJob> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbcTemplate.batchUpdate(UPSERT, jobs, 500, (ps, j) -> bind(ps, cluster, j, now));
        return Arrays.stream(counts)
                .flatMapToInt(Arrays::stream)
                .map(c -> Math.max(c, 0))
                .sum();
    }

    List<Long> openJobIds(String cluster) {
        return jdbc.sql("select job_id from mirrored_jobs where cluster_name = :c and not final")
                .param("c", cluster)
                .query(Long.class)
                .list();
    }

    /** Neither the controller nor accounting knows the job any more: keep it, final, and say so. */
    void markLost(String cluster, long jobId, Instant now) {
        jdbc.sql("""
                        update mirrored_jobs set state = 'UNKNOWN', final = true, mirrored_at = :now,
                            usage_recorded_at = null,
                            state_reason = 'Vanished: neither the controller nor accounting knows this job'
                        where cluster_name = :c and job_id = :id and not final""")
                .param("now", Timestamp.from(now))
                .param("c", cluster)
                .param("id", jobId)
                .update();
    }

    /**
     * A started job whose usage the ledger does not have as mirrored: new or changed since it was
     * last recorded, or still open and last recorded before {@code staleBefore} (running jobs count
     * up to "now", so they are re-recorded now and then).
     */
    record UsageDue(
            String cluster,
            long jobId,
            String account,
            Instant start,
            @Nullable Instant end,
            boolean isFinal,
            int cpus,
            int gpus,
            Instant mirroredAt) {}

    List<UsageDue> usageDue(Instant staleBefore, int limit) {
        String columns = "cluster_name, job_id, account, start_time, end_time, final, cpus, gpus, mirrored_at";
        return jdbc.sql("(select " + columns + " from mirrored_jobs"
                        + " where usage_recorded_at is null and start_time is not null limit :limit)"
                        + " union all (select " + columns + " from mirrored_jobs"
                        + " where not final and start_time is not null and usage_recorded_at < :stale limit :limit)")
                .param("limit", limit)
                .param("stale", Timestamp.from(staleBefore))
                .query((rs, n) -> new UsageDue(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        instant(rs.getTimestamp(5)),
                        rs.getBoolean(6),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
    }

    /** Marks the job's usage recorded, unless the job changed since it was read (then it stays due). */
    void markUsageRecorded(UsageDue job, Instant now) {
        jdbc.sql("""
                        update mirrored_jobs set usage_recorded_at = :now
                        where cluster_name = :c and job_id = :id and mirrored_at = :seen""")
                .param("now", Timestamp.from(now))
                .param("c", job.cluster())
                .param("id", job.jobId())
                .param("seen", Timestamp.from(job.mirroredAt()))
                .update();
    }

    private static void bind(PreparedStatement ps, String cluster, SlurmJob j, Instant now) throws SQLException {
        int i = 1;
        ps.setString(i++, cluster);
        ps.setLong(i++, j.jobId());
        ps.setString(i++, j.name());
        ps.setString(i++, j.user());
        ps.setString(i++, j.account());
        ps.setString(i++, j.partition());
        ps.setString(i++, j.state().name());
        ps.setString(i++, String.join(",", j.stateFlags().stream().sorted().toList()));
        ps.setString(i++, j.stateReason());
        ps.setTimestamp(i++, timestamp(j.submitTime()));
        ps.setTimestamp(i++, timestamp(j.startTime()));
        ps.setTimestamp(i++, timestamp(j.endTime()));
        ps.setInt(i++, j.cpus());
        ps.setInt(i++, j.gpus());
        ps.setInt(i++, j.nodeCount());
        ps.setString(i++, j.nodes());
        ps.setObject(i++, j.timeLimitMinutes(), Types.INTEGER);
        ps.setObject(i++, j.exitCode(), Types.INTEGER);
        ps.setString(i++, j.comment());
        ps.setObject(i++, j.arrayJobId(), Types.BIGINT);
        ps.setObject(i++, j.arrayTaskId(), Types.INTEGER);
        ps.setBoolean(i++, j.state().isFinal());
        ps.setTimestamp(i, Timestamp.from(now));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

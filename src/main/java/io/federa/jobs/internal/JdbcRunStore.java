package io.federa.jobs.internal;

import io.federa.jobs.MetricPoint;
import io.federa.jobs.QueuePosition;
import io.federa.jobs.Run;
import io.federa.jobs.RunArtifact;
import io.federa.jobs.RunFilter;
import io.federa.jobs.RunLogLine;
import io.federa.jobs.RunResources;
import io.federa.jobs.RunState;
import io.federa.jobs.RunStateChange;
import io.federa.jobs.RunSummary;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of runs. Callers hold the transactions; every value is a bound parameter. */
@Repository
class JdbcRunStore {

    /** A run's columns that the tracker and the token check need, without its script. */
    record OpenRun(
            String id,
            String team,
            String cluster,
            String slurmUser,
            String account,
            RunState state,
            @Nullable Long slurmJobId,
            @Nullable Instant submitStartedAt,
            @Nullable Instant endedAt) {}

    record TokenOwner(String runId, String team, @Nullable Instant expiresAt) {}

    /** What reports stored: metric points, bytes of log lines, bytes of artifacts (of a run or a team). */
    record Storage(long metricPoints, long logBytes, long artifactBytes) {}

    /** A mirrored job as far as a run follows it. */
    record FollowedJob(
            String runId,
            RunState runState,
            String runReason,
            long jobId,
            String jobState,
            String jobReason,
            @Nullable Integer exitCode,
            boolean jobFinal) {}

    /** Who recorded a param or tag ({@code source}): the portal at submit, or the job later. */
    static final String SET_AT_SUBMIT = "submit";

    static final String SET_BY_JOB = "job";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    JdbcRunStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** {@code tokenHash} null: a sweep's trial, whose task claims its token when it runs. */
    void insert(Run run, @Nullable String tokenHash, Instant now) {
        RunResources r = run.resources();
        jdbc.sql("""
                        insert into runs (id, team, owner, cluster_name, slurm_user, account, script, job_name, tasks,
                            cpus_per_task, nodes, gpus, gres, partition_name, time_limit_minutes, output_path,
                            working_directory, exclusive, git_commit, notes, state, state_reason, created_at,
                            token_hash, submit_started_at)
                        values (:id, :team, :owner, :cluster, :slurmUser, :account, :script, :jobName, :tasks,
                            :cpusPerTask, :nodes, :gpus, :gres, :partition, :time, :output, :wd, :exclusive,
                            :gitCommit, :notes, :state, '', :now, :tokenHash, :now)""")
                .param("id", run.id())
                .param("team", run.team())
                .param("owner", run.owner())
                .param("cluster", run.cluster())
                .param("slurmUser", run.slurmUser())
                .param("account", run.account())
                .param("script", run.script())
                .param("jobName", r.jobName())
                .param("tasks", r.tasks())
                .param("cpusPerTask", r.cpusPerTask())
                .param("nodes", r.nodes(), Types.INTEGER)
                .param("gpus", r.gpus())
                .param("gres", r.gres(), Types.VARCHAR)
                .param("partition", r.partition(), Types.VARCHAR)
                .param("time", r.timeLimitMinutes(), Types.INTEGER)
                .param("output", r.output())
                .param("wd", r.workingDirectory())
                .param("exclusive", r.exclusive())
                .param("gitCommit", run.gitCommit(), Types.VARCHAR)
                .param("notes", String.join("\n", run.notes()))
                .param("state", run.state().name())
                .param("now", ts(now))
                .param("tokenHash", tokenHash, Types.VARCHAR)
                .update();
        history(run.id(), run.state(), "", now);
        putParams(run.id(), run.params(), SET_AT_SUBMIT);
        putTags(run.id(), run.tags(), SET_AT_SUBMIT);
    }

    /** Pending jobs per cluster in the mirror (every user's), for routing by load. */
    Map<String, Integer> queuedJobs() {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbc.sql("select cluster_name, count(*) from mirrored_jobs where not final and state = 'PENDING' "
                        + "group by cluster_name")
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getInt(2));
                });
        return out;
    }

    void history(String runId, RunState state, String reason, Instant at) {
        jdbc.sql("insert into run_states (run_id, state, reason, at) values (:id, :state, :reason, :at)")
                .param("id", runId)
                .param("state", state.name())
                .param("reason", reason)
                .param("at", ts(at))
                .update();
    }

    /**
     * Moves a run from {@code from} to {@code to}; false (and nothing written) when it was no longer in
     * {@code from}, so concurrent trackers never record a step twice.
     */
    boolean transition(
            String runId, RunState from, RunState to, String reason, Instant now, @Nullable Instant tokenExpiresAt) {
        int n = jdbc.sql("""
                        update runs set state = :to, state_reason = :reason,
                            ended_at = case when cast(:final as boolean) then cast(:now as timestamptz) else null end,
                            token_expires_at = cast(:expires as timestamptz)
                        where id = :id and state = :from""")
                .param("to", to.name())
                .param("reason", reason)
                .param("final", to.isFinal())
                .param("now", ts(now))
                .param("expires", tokenExpiresAt == null ? null : ts(tokenExpiresAt), Types.TIMESTAMP)
                .param("id", runId)
                .param("from", from.name())
                .update();
        if (n == 1 && (from != to)) {
            history(runId, to, reason, now);
        }
        return n == 1;
    }

    /** Records the run's job; false when the run already has one (it is never replaced). */
    boolean attachJob(String runId, long jobId, Instant now) {
        return jdbc.sql("""
                        update runs set slurm_job_id = :job, submitted_at = coalesce(submitted_at, :now)
                        where id = :id and slurm_job_id is null""")
                        .param("job", jobId)
                        .param("now", ts(now))
                        .param("id", runId)
                        .update()
                == 1;
    }

    void setReason(String runId, String reason) {
        jdbc.sql("update runs set state_reason = :reason where id = :id")
                .param("reason", reason)
                .param("id", runId)
                .update();
    }

    Optional<OpenRun> open(String runId) {
        return jdbc.sql("select * from runs where id = :id")
                .param("id", runId)
                .query((rs, n) -> openRun(rs))
                .optional();
    }

    List<String> clustersWithOpenRuns() {
        return jdbc.sql("select distinct cluster_name from runs where ended_at is null")
                .query(String.class)
                .list();
    }

    /** Open runs with a job, joined to the job's mirror row. */
    List<FollowedJob> followed(String cluster) {
        return jdbc.sql("""
                        select r.id, r.state as run_state, r.state_reason as run_reason, m.job_id, m.state,
                            m.state_reason, m.exit_code, m.final
                        from runs r join mirrored_jobs m
                            on m.cluster_name = r.cluster_name and m.job_id = r.slurm_job_id
                        where r.cluster_name = :c and r.ended_at is null""")
                .param("c", cluster)
                .query((rs, n) -> new FollowedJob(
                        rs.getString("id"),
                        RunState.valueOf(rs.getString("run_state")),
                        rs.getString("run_reason"),
                        rs.getLong("job_id"),
                        rs.getString("state"),
                        rs.getString("state_reason"),
                        (Integer) rs.getObject("exit_code"),
                        rs.getBoolean("final")))
                .list();
    }

    /**
     * Runs whose submit answer was not seen: no job id although the submit started. LOST runs of that
     * kind are included, so that a job that turns up late is still adopted.
     */
    List<OpenRun> withoutJob(String cluster) {
        return jdbc.sql("""
                        select * from runs where cluster_name = :c and slurm_job_id is null
                            and submit_started_at is not null and (ended_at is null or state = 'LOST')
                        order by created_at""").param("c", cluster).query((rs, n) -> openRun(rs)).list();
    }

    List<String> clustersWithRunsWithoutJob() {
        return jdbc.sql("""
                        select distinct cluster_name from runs where slurm_job_id is null
                            and submit_started_at is not null and (ended_at is null or state = 'LOST')""").query(String.class).list();
    }

    /**
     * Mirrored jobs that carry the run's id in their comment and were submitted by the run's Slurm
     * user under its account, lowest job id first. Anyone can copy a comment; only the portal submits
     * as that user under that account for this run.
     */
    List<Long> mirroredJobsOf(OpenRun run) {
        return jdbc.sql("""
                        select job_id from mirrored_jobs where cluster_name = :c and comment = :comment
                            and slurm_user = :user and lower(account) = lower(:account)
                        order by job_id""")
                .param("c", run.cluster())
                .param("comment", RunService.comment(run.id()))
                .param("user", run.slurmUser())
                .param("account", run.account())
                .query(Long.class)
                .list();
    }

    Optional<Run> find(String runId) {
        return jdbc.sql("select * from runs where id = :id")
                .param("id", runId)
                .query((rs, n) -> run(rs))
                .optional()
                .map(r -> withParamsAndTags(r));
    }

    Optional<String> teamOf(String runId) {
        return jdbc.sql("select team from runs where id = :id")
                .param("id", runId)
                .query(String.class)
                .optional();
    }

    /** Run id → team of those of {@code runIds} that exist, in one query. */
    Map<String, String> teamsOf(Collection<String> runIds) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("select id, team from runs where id in (:ids)")
                .param("ids", runIds)
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    List<RunSummary> page(@Nullable Collection<String> teams, RunFilter filter, int offset, int limit) {
        var params = new LinkedHashMap<String, Object>();
        String where = where(teams, filter, params);
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql("select id, team, owner, cluster_name, job_name, state, state_reason, slurm_job_id, "
                        + "created_at, ended_at from runs" + where
                        + " order by created_at desc, id desc limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> new RunSummary(
                        rs.getString("id"),
                        rs.getString("team"),
                        rs.getString("owner"),
                        rs.getString("cluster_name"),
                        rs.getString("job_name"),
                        RunState.valueOf(rs.getString("state")),
                        rs.getString("state_reason"),
                        (Long) rs.getObject("slurm_job_id"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("ended_at"))))
                .list();
    }

    int count(@Nullable Collection<String> teams, RunFilter filter) {
        var params = new LinkedHashMap<String, Object>();
        String where = where(teams, filter, params);
        return jdbc.sql("select count(*) from runs" + where)
                .params(params)
                .query(Integer.class)
                .single();
    }

    /** Fixed conditions, values bound: {@code teams} null means every team (portal admins). */
    private static String where(@Nullable Collection<String> teams, RunFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (teams != null) {
            conditions.add("team in (:teams)");
            params.put("teams", teams);
        }
        if (filter.team() != null) {
            conditions.add("team = :team");
            params.put("team", filter.team());
        }
        if (filter.state() != null) {
            conditions.add("state = :state");
            params.put("state", filter.state().name());
        }
        if (filter.cluster() != null) {
            conditions.add("cluster_name = :cluster");
            params.put("cluster", filter.cluster());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /** The last point of each key: one index walk per key over (run_id, key, step). */
    List<MetricPoint> lastMetrics(String runId) {
        return jdbc.sql("""
                        select distinct on (key) key, step, value, at from run_metrics where run_id = :id
                        order by key, step desc, at desc""")
                .param("id", runId)
                .query((rs, n) -> new MetricPoint(
                        rs.getString("key"),
                        rs.getLong("step"),
                        rs.getDouble("value"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /**
     * The run's job's place among the PENDING jobs of its cluster and partition in the mirror, by
     * submit time then job id (see {@link QueuePosition}).
     */
    Optional<QueuePosition> queuePosition(String runId) {
        return jdbc.sql("""
                        with me as (
                            select m.cluster_name, m.partition_name, coalesce(m.submit_time, m.mirrored_at) as t,
                                m.job_id
                            from runs r join mirrored_jobs m
                                on m.cluster_name = r.cluster_name and m.job_id = r.slurm_job_id
                            where r.id = :id and m.state = 'PENDING' and not m.final)
                        select me.cluster_name, me.partition_name,
                            count(*) filter (where (coalesce(o.submit_time, o.mirrored_at), o.job_id) <= (me.t, me.job_id))
                                as position,
                            count(*) as pending
                        from me join mirrored_jobs o
                            on o.cluster_name = me.cluster_name and o.partition_name = me.partition_name
                            and o.state = 'PENDING' and not o.final
                        group by me.cluster_name, me.partition_name""")
                .param("id", runId)
                .query((rs, n) -> new QueuePosition(
                        rs.getInt("position"),
                        rs.getInt("pending"),
                        rs.getString("cluster_name"),
                        rs.getString("partition_name")))
                .optional();
    }

    List<RunStateChange> history(String runId) {
        return jdbc.sql("select state, reason, at from run_states where run_id = :id order by seq")
                .param("id", runId)
                .query((rs, n) -> new RunStateChange(
                        RunState.valueOf(rs.getString("state")),
                        rs.getString("reason"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /**
     * Gives the run the token whose hash is {@code tokenHash}, if it has none yet and is still open:
     * a trial's token is handed out once. False, and nothing changed, otherwise.
     */
    boolean claimToken(String runId, String tokenHash, long jobId, Instant now) {
        return jdbc.sql("""
                                update runs set token_hash = :h, token_claimed_at = :now, token_claimed_by_job = :job
                                where id = :id and token_hash is null and ended_at is null""")
                        .param("h", tokenHash)
                        .param("now", ts(now))
                        .param("job", jobId)
                        .param("id", runId)
                        .update()
                == 1;
    }

    Optional<TokenOwner> tokenOwner(String tokenHash) {
        return jdbc.sql("select id, team, token_expires_at from runs where token_hash = :h")
                .param("h", tokenHash)
                .query((rs, n) -> new TokenOwner(
                        rs.getString("id"), rs.getString("team"), instant(rs.getTimestamp("token_expires_at"))))
                .optional();
    }

    /** One statement for the whole batch: the arrays travel as four parameters. */
    int insertMetrics(String runId, List<MetricPoint> points) {
        if (points.isEmpty()) {
            return 0;
        }
        return jdbcTemplate.execute(
                (java.sql.Connection con) -> {
                    PreparedStatement ps = con.prepareStatement("""
                            insert into run_metrics (run_id, key, step, value, at)
                            select ?, k, s, v, t from unnest(?::varchar[], ?::int8[], ?::float8[], ?::timestamptz[])
                                as u(k, s, v, t)""");
                    int size = points.size();
                    Object[] keys = new Object[size];
                    Object[] steps = new Object[size];
                    Object[] values = new Object[size];
                    Object[] ats = new Object[size];
                    for (int i = 0; i < size; i++) {
                        MetricPoint p = points.get(i);
                        keys[i] = p.key();
                        steps[i] = p.step();
                        values[i] = p.value();
                        ats[i] = ts(p.timestamp());
                    }
                    ps.setString(1, runId);
                    ps.setArray(2, array(con, "varchar", keys));
                    ps.setArray(3, array(con, "int8", steps));
                    ps.setArray(4, array(con, "float8", values));
                    ps.setArray(5, array(con, "timestamptz", ats));
                    return ps;
                },
                (PreparedStatement ps) -> ps.executeUpdate());
    }

    int appendLogs(String runId, List<String> lines, Instant at) {
        if (lines.isEmpty()) {
            return 0;
        }
        return jdbcTemplate.execute(
                (java.sql.Connection con) -> {
                    PreparedStatement ps = con.prepareStatement("""
                            insert into run_logs (run_id, line, at)
                            select ?, l, ? from unnest(?::text[]) with ordinality as u(l, n) order by n""");
                    ps.setString(1, runId);
                    ps.setTimestamp(2, ts(at));
                    ps.setArray(3, array(con, "text", lines.toArray()));
                    return ps;
                },
                (PreparedStatement ps) -> ps.executeUpdate());
    }

    void putParams(String runId, Map<String, String> params, String source) {
        for (var e : params.entrySet()) {
            jdbc.sql("""
                            insert into run_params (run_id, key, value, source) values (:id, :k, :v, :source)
                            on conflict (run_id, key) do update set value = excluded.value, source = excluded.source""")
                    .param("id", runId)
                    .param("k", e.getKey())
                    .param("v", e.getValue())
                    .param("source", source)
                    .update();
        }
    }

    void putTags(String runId, Map<String, String> tags, String source) {
        for (var e : tags.entrySet()) {
            jdbc.sql("""
                            insert into run_tags (run_id, key, value, source) values (:id, :k, :v, :source)
                            on conflict (run_id, key) do update set value = excluded.value, source = excluded.source""")
                    .param("id", runId)
                    .param("k", e.getKey())
                    .param("v", e.getValue())
                    .param("source", source)
                    .update();
        }
    }

    /** Those of {@code keys} the portal recorded as the run's params at submit, with their values. */
    Map<String, String> paramsSetAtSubmit(String runId, Collection<String> keys) {
        return setAtSubmit("run_params", runId, keys);
    }

    /** Those of {@code keys} the portal recorded as the run's tags at submit, with their values. */
    Map<String, String> tagsSetAtSubmit(String runId, Collection<String> keys) {
        return setAtSubmit("run_tags", runId, keys);
    }

    /** {@code table} is one of two constants, never input. */
    private Map<String, String> setAtSubmit(String table, String runId, Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        jdbc.sql("select key, value from " + table + " where run_id = :id and source = :submit and key in (:keys) "
                        + "order by key")
                .param("id", runId)
                .param("submit", SET_AT_SUBMIT)
                .param("keys", keys)
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    /** The run's storage counters (V0019), zero for a run that does not exist. */
    Storage storage(String runId) {
        return jdbc.sql("select metric_points, log_bytes, artifact_bytes from runs where id = :id")
                .param("id", runId)
                .query((rs, n) -> new Storage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .optional()
                .orElse(new Storage(0, 0, 0));
    }

    /**
     * What all runs of the team stored. Read without a lock: concurrent requests of one team may pass
     * the team's quota together, by at most one request each; a run's own count is exact.
     */
    Storage teamStorage(String team) {
        return jdbc.sql("""
                        select coalesce(sum(metric_points), 0), coalesce(sum(log_bytes), 0),
                            coalesce(sum(artifact_bytes), 0)
                        from runs where team = :team""")
                .param("team", team)
                .query((rs, n) -> new Storage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /** Adds {@code n} to the run's metric points if the sum stays within {@code max}; false, and nothing changed, if not. */
    boolean countMetricPoints(String runId, long n, long max) {
        return count("metric_points", runId, n, max);
    }

    boolean countLogBytes(String runId, long n, long max) {
        return count("log_bytes", runId, n, max);
    }

    /** {@code n} may be negative: a smaller file replaced a bigger one. */
    boolean countArtifactBytes(String runId, long n, long max) {
        return count("artifact_bytes", runId, n, max);
    }

    /** One conditional update, so two requests of one run cannot both pass its quota. {@code column} is a constant. */
    private boolean count(String column, String runId, long n, long max) {
        return jdbc.sql("update runs set " + column + " = greatest(0, " + column + " + :n) where id = :id and " + column
                                + " + :n <= :max")
                        .param("n", n)
                        .param("id", runId)
                        .param("max", max)
                        .update()
                == 1;
    }

    /** The size of the run's artifact of that name, 0 if it has none. */
    long artifactSize(String runId, String name) {
        return jdbc.sql("select size_bytes from run_artifacts where run_id = :id and name = :name")
                .param("id", runId)
                .param("name", name)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    void putArtifact(String runId, RunArtifact artifact) {
        jdbc.sql("""
                        insert into run_artifacts (run_id, name, size_bytes, sha256, stored_at)
                        values (:id, :name, :size, :sha, :at)
                        on conflict (run_id, name) do update set size_bytes = excluded.size_bytes,
                            sha256 = excluded.sha256, stored_at = excluded.stored_at""")
                .param("id", runId)
                .param("name", artifact.name())
                .param("size", artifact.sizeBytes())
                .param("sha", artifact.sha256())
                .param("at", ts(artifact.storedAt()))
                .update();
    }

    List<MetricPoint> metrics(String runId, @Nullable String key, long fromStep, int limit) {
        String where = key == null ? "" : " and key = :key";
        var spec = jdbc.sql("select key, step, value, at from run_metrics where run_id = :id and step >= :from" + where
                        + " order by key, step, at limit :limit")
                .param("id", runId)
                .param("from", fromStep)
                .param("limit", limit);
        if (key != null) {
            spec = spec.param("key", key);
        }
        return spec.query((rs, n) -> new MetricPoint(
                        rs.getString("key"),
                        rs.getLong("step"),
                        rs.getDouble("value"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /**
     * Each key's series in at most {@code points} points, by key and step: a series longer than that
     * is cut into {@code points / 4} buckets of equal step width and each bucket gives its first, last,
     * lowest and highest point (one aggregate pass: arrays compare element by element, so {@code
     * min(array[step, value, at])} is the bucket's first point with its value).
     */
    List<MetricPoint> metricCurves(String runId, int points) {
        return metricCurves(runId, null, Long.MIN_VALUE, Long.MAX_VALUE, points);
    }

    /** The same for one key (or all: null) between two steps (inclusive). */
    List<MetricPoint> metricCurves(String runId, @Nullable String key, long fromStep, long toStep, int points) {
        var out = new java.util.TreeSet<MetricPoint>(java.util.Comparator.comparing(MetricPoint::key)
                .thenComparingLong(MetricPoint::step)
                .thenComparingDouble(MetricPoint::value)
                .thenComparing(MetricPoint::timestamp));
        jdbc.sql("""
                        with series as (
                            select key, min(step) as lo, max(step) as hi, count(*) as n
                            from run_metrics where run_id = :id and (cast(:key as text) is null or key = :key)
                                and step between :lo and :hi
                            group by key
                        ), bucketed as (
                            select m.key, array[m.step::float8, m.value, extract(epoch from m.at)::float8] as by_step,
                                array[m.value, m.step::float8, extract(epoch from m.at)::float8] as by_value,
                                case when s.n <= :points then m.step
                                    else floor((m.step - s.lo)::numeric * :buckets / (s.hi - s.lo + 1))::bigint
                                end as bucket
                            from run_metrics m join series s on s.key = m.key
                            where m.run_id = :id and m.step between :lo and :hi)
                        select key, min(by_step) as first_point, max(by_step) as last_point,
                            min(by_value) as lowest, max(by_value) as highest
                        from bucketed group by key, bucket""")
                .param("id", runId)
                .param("key", key, java.sql.Types.VARCHAR)
                .param("lo", fromStep)
                .param("hi", toStep)
                .param("points", points)
                .param("buckets", Math.max(1, points / 4))
                .query((ResultSet rs) -> {
                    String k = rs.getString("key");
                    out.add(point(k, rs.getArray("first_point"), 0, 1));
                    out.add(point(k, rs.getArray("last_point"), 0, 1));
                    out.add(point(k, rs.getArray("lowest"), 1, 0));
                    out.add(point(k, rs.getArray("highest"), 1, 0));
                });
        return List.copyOf(out);
    }

    /** A point from a float8 array holding step and value at the given places, and the epoch second at 2. */
    static MetricPoint point(String key, Array array, int stepAt, int valueAt) throws SQLException {
        Object[] a = (Object[]) array.getArray();
        double epoch = ((Number) a[2]).doubleValue();
        return new MetricPoint(
                key,
                ((Number) a[stepAt]).longValue(),
                ((Number) a[valueAt]).doubleValue(),
                Instant.ofEpochSecond((long) Math.floor(epoch), Math.round((epoch - Math.floor(epoch)) * 1e6) * 1000));
    }

    List<RunLogLine> logs(String runId, long afterSeq, int limit) {
        return jdbc.sql("select seq, line, at from run_logs where run_id = :id and seq > :after order by seq "
                        + "limit :limit")
                .param("id", runId)
                .param("after", afterSeq)
                .param("limit", limit)
                .query((rs, n) -> new RunLogLine(
                        rs.getLong("seq"),
                        rs.getString("line"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** The last {@code limit} lines, oldest first. */
    List<RunLogLine> logTail(String runId, int limit) {
        return jdbc.sql("select seq, line, at from (select seq, line, at from run_logs where run_id = :id "
                        + "order by seq desc limit :limit) tail order by seq")
                .param("id", runId)
                .param("limit", limit)
                .query((rs, n) -> new RunLogLine(
                        rs.getLong("seq"),
                        rs.getString("line"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    List<RunArtifact> artifacts(String runId) {
        return jdbc.sql("select * from run_artifacts where run_id = :id order by name")
                .param("id", runId)
                .query((rs, n) -> new RunArtifact(
                        rs.getString("name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getTimestamp("stored_at").toInstant()))
                .list();
    }

    private Run withParamsAndTags(Run r) {
        Map<String, String> params = new LinkedHashMap<>();
        jdbc.sql("select key, value from run_params where run_id = :id order by key")
                .param("id", r.id())
                .query((ResultSet rs) -> {
                    params.put(rs.getString(1), rs.getString(2));
                });
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select key, value from run_tags where run_id = :id order by key")
                .param("id", r.id())
                .query((ResultSet rs) -> {
                    tags.put(rs.getString(1), rs.getString(2));
                });
        return new Run(
                r.id(),
                r.team(),
                r.owner(),
                r.cluster(),
                r.slurmUser(),
                r.account(),
                r.state(),
                r.stateReason(),
                r.script(),
                r.resources(),
                r.gitCommit(),
                params,
                tags,
                r.slurmJobId(),
                r.createdAt(),
                r.submittedAt(),
                r.endedAt(),
                r.notes());
    }

    private static Run run(ResultSet rs) throws SQLException {
        String notes = rs.getString("notes");
        return new Run(
                rs.getString("id"),
                rs.getString("team"),
                rs.getString("owner"),
                rs.getString("cluster_name"),
                rs.getString("slurm_user"),
                rs.getString("account"),
                RunState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                rs.getString("script"),
                new RunResources(
                        rs.getInt("tasks"),
                        rs.getInt("cpus_per_task"),
                        (Integer) rs.getObject("nodes"),
                        rs.getInt("gpus"),
                        rs.getString("gres"),
                        rs.getString("partition_name"),
                        (Integer) rs.getObject("time_limit_minutes"),
                        rs.getString("job_name"),
                        rs.getString("output_path"),
                        rs.getString("working_directory"),
                        rs.getBoolean("exclusive")),
                rs.getString("git_commit"),
                Map.of(),
                Map.of(),
                (Long) rs.getObject("slurm_job_id"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("submitted_at")),
                instant(rs.getTimestamp("ended_at")),
                notes.isEmpty() ? List.of() : List.of(notes.split("\n")));
    }

    private static OpenRun openRun(ResultSet rs) throws SQLException {
        return new OpenRun(
                rs.getString("id"),
                rs.getString("team"),
                rs.getString("cluster_name"),
                rs.getString("slurm_user"),
                rs.getString("account"),
                RunState.valueOf(rs.getString("state")),
                (Long) rs.getObject("slurm_job_id"),
                instant(rs.getTimestamp("submit_started_at")),
                instant(rs.getTimestamp("ended_at")));
    }

    private static Array array(java.sql.Connection con, String type, Object[] values) throws SQLException {
        return con.createArrayOf(type, values);
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

package io.federa.runs.internal;

import io.federa.runs.Run;
import io.federa.runs.RunFilter;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChange;
import io.federa.runs.RunSummary;
import io.federa.submission.RunResources;
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
import org.springframework.jdbc.core.SqlParameterValue;
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

    /** An open run with a job, as far as it follows the job's mirror row ({@link RunTracker#follow}). */
    record RunWithJob(String runId, RunState state, String reason, long jobId) {}

    /** Who recorded a param or tag ({@code source}): the portal at submit, or the job later. */
    static final String SET_AT_SUBMIT = "submit";

    static final String SET_BY_JOB = "job";

    private final JdbcClient jdbc;
    private final SubmittedRows rows;

    JdbcRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rows = new SubmittedRows(jdbc, SubmittedRows.Table.RUNS);
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
        boolean moved = rows.transition(
                runId,
                from.name(),
                to.name(),
                to.isFinal(),
                reason,
                now,
                ", token_expires_at = cast(:expires as timestamptz)",
                Map.of(
                        "expires",
                        new SqlParameterValue(Types.TIMESTAMP, tokenExpiresAt == null ? null : ts(tokenExpiresAt))));
        if (moved && from != to) {
            history(runId, to, reason, now);
        }
        return moved;
    }

    /** Records the run's job; false when the run already has one (it is never replaced). */
    boolean attachJob(String runId, long jobId, Instant now) {
        return rows.attach(runId, jobId, now, "", Map.of());
    }

    void setReason(String runId, String reason) {
        rows.setReason(runId, reason);
    }

    Optional<OpenRun> open(String runId) {
        return rows.byId(runId, (rs, n) -> openRun(rs));
    }

    List<String> clustersWithOpenRuns() {
        return jdbc.sql("select distinct cluster_name from runs where ended_at is null")
                .query(String.class)
                .list();
    }

    /** Open runs that have a job, on {@code cluster}; the mirror says how their jobs stand. */
    List<RunWithJob> openWithJob(String cluster) {
        return jdbc.sql("""
                        select id, state, state_reason, slurm_job_id from runs
                        where cluster_name = :c and ended_at is null and slurm_job_id is not null""")
                .param("c", cluster)
                .query((rs, n) -> new RunWithJob(
                        rs.getString("id"),
                        RunState.valueOf(rs.getString("state")),
                        rs.getString("state_reason"),
                        rs.getLong("slurm_job_id")))
                .list();
    }

    /**
     * Runs whose submit answer was not seen: no job id although the submit started. LOST runs of that
     * kind are included, so that a job that turns up late is still adopted.
     */
    List<OpenRun> withoutJob(String cluster) {
        return rows.withoutJob(cluster, (rs, n) -> openRun(rs));
    }

    List<String> clustersWithRunsWithoutJob() {
        return rows.clustersWithoutJob();
    }

    Optional<Run> find(String runId) {
        return rows.byId(runId, (rs, n) -> run(rs)).map(r -> withParamsAndTags(r));
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

    void putParams(String runId, Map<String, String> params, String source) {
        put("run_params", runId, params, source);
    }

    void putTags(String runId, Map<String, String> tags, String source) {
        put("run_tags", runId, tags, source);
    }

    /** Upserts (run_id, key) → value rows of {@code run_params} or {@code run_tags}. */
    private void put(String table, String runId, Map<String, String> values, String source) {
        for (var e : values.entrySet()) {
            jdbc.sql(
                            "insert into " + table + " (run_id, key, value, source) values (:id, :k, :v, :source) "
                                    + "on conflict (run_id, key) do update set value = excluded.value, source = excluded.source")
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
        return withParamsAndTags(r, params, tags);
    }

    /** The run with these params and tags (rows of {@code runs} are read without them). */
    static Run withParamsAndTags(Run r, Map<String, String> params, Map<String, String> tags) {
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

    static Run run(ResultSet rs) throws SQLException {
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

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

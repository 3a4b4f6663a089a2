package io.federa.runs.internal;

import static io.federa.runs.internal.JdbcRunStore.ts;

import io.federa.runs.RunState;
import io.federa.runs.Sweep;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepSpec;
import io.federa.runs.SweepState;
import io.federa.runs.SweepTrialRun;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of sweeps. A trial is a row of {@code runs} with {@code sweep_id} and {@code trial_index};
 * its {@code submit_started_at} stays null (the sweep holds it), so that {@link RunTracker} never
 * looks for a trial by a run comment of its own: the sweep's array is looked for once, by the sweep's
 * comment ({@link SweepTracker}).
 */
@Repository
class JdbcSweepStore {

    record OpenSweep(
            String id,
            String team,
            String cluster,
            String slurmUser,
            String account,
            SweepState state,
            @Nullable Long arrayJobId,
            @Nullable Instant submitStartedAt) {}

    record TrialRow(String runId, int index, RunState state, String reason) {}

    private final JdbcClient jdbc;
    private final SubmittedRows rows;

    JdbcSweepStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rows = new SubmittedRows(jdbc, SubmittedRows.Table.SWEEPS);
    }

    /** The trial run of a sweep's task, if the sweep has that index. */
    record Trial(String runId, @Nullable Instant endedAt) {}

    /** @param claimHash SHA-256 of the secret the array's tasks exchange for their own tokens */
    void insert(Sweep s, String claimHash, Instant now) {
        jdbc.sql("""
                        insert into sweeps (id, team, owner, cluster_name, slurm_user, account, script, space, strategy,
                            samples, seed, objective_metric, objective_goal, max_concurrent, trial_count, job_name,
                            cpus_per_trial, gpus_per_trial, partition_name, time_limit_minutes, notes, state,
                            submit_started_at, created_at, claim_hash)
                        values (:id, :team, :owner, :cluster, :slurmUser, :account, :script, :space, :strategy,
                            :samples, :seed, :metric, :goal, :maxConcurrent, :trials, :jobName, :cpus, :gpus,
                            :partition, :time, :notes, :state, :now, :now, :claimHash)""")
                .param("claimHash", claimHash)
                .param("id", s.id())
                .param("team", s.team())
                .param("owner", s.owner())
                .param("cluster", s.cluster())
                .param("slurmUser", s.slurmUser())
                .param("account", s.account())
                .param("script", s.script())
                .param("space", s.space())
                .param("strategy", s.strategy().name())
                .param("samples", s.samples())
                .param("seed", s.seed())
                .param("metric", s.objectiveMetric())
                .param("goal", s.goal().name())
                .param("maxConcurrent", s.maxConcurrent())
                .param("trials", s.trialCount())
                .param("jobName", s.jobName())
                .param("cpus", s.cpusPerTrial())
                .param("gpus", s.gpusPerTrial())
                .param("partition", s.partition(), Types.VARCHAR)
                .param("time", s.timeLimitMinutes(), Types.INTEGER)
                .param("notes", String.join("\n", s.notes()))
                .param("state", s.state().name())
                .param("now", ts(now))
                .update();
    }

    /** Makes a stored run a trial of the sweep (the sweep, not the run, carries "submit started"). */
    void markTrial(String runId, String sweepId, int index) {
        jdbc.sql("update runs set sweep_id = :s, trial_index = :i, submit_started_at = null where id = :id")
                .param("s", sweepId)
                .param("i", index)
                .param("id", runId)
                .update();
    }

    /** Records the array's job id; false when the sweep already had one. */
    boolean attachArray(String sweepId, long arrayJobId, String reason, Instant now) {
        return rows.attach(
                sweepId,
                arrayJobId,
                now,
                ", state = 'SUBMITTED', state_reason = :reason, ended_at = null",
                Map.of("reason", reason));
    }

    /** Conditional, like {@link JdbcRunStore#transition}: false when the sweep was no longer in {@code from}. */
    boolean transition(String sweepId, SweepState from, SweepState to, String reason, Instant now) {
        return rows.transition(sweepId, from.name(), to.name(), to.isFinal(), reason, now, "", Map.of());
    }

    void setReason(String sweepId, String reason) {
        rows.setReason(sweepId, reason);
    }

    Optional<Sweep> find(String sweepId) {
        return rows.byId(sweepId, (rs, n) -> sweep(rs));
    }

    Optional<String> claimHash(String sweepId) {
        return jdbc.sql("select claim_hash from sweeps where id = :id and claim_hash is not null")
                .param("id", sweepId)
                .query(String.class)
                .optional();
    }

    Optional<Trial> trial(String sweepId, int index) {
        return jdbc.sql("select id, ended_at from runs where sweep_id = :s and trial_index = :i")
                .param("s", sweepId)
                .param("i", index)
                .query((rs, n) -> new Trial(
                        rs.getString("id"),
                        rs.getTimestamp("ended_at") == null
                                ? null
                                : rs.getTimestamp("ended_at").toInstant()))
                .optional();
    }

    Optional<String> teamOf(String sweepId) {
        return jdbc.sql("select team from sweeps where id = :id")
                .param("id", sweepId)
                .query(String.class)
                .optional();
    }

    List<Sweep> page(@Nullable Collection<String> teams, int offset, int limit) {
        String where = teams == null ? "" : " where team in (:teams)";
        var spec = jdbc.sql("select * from sweeps" + where + " order by created_at desc, id desc limit :limit offset "
                        + ":offset")
                .param("limit", limit)
                .param("offset", offset);
        if (teams != null) {
            spec = spec.param("teams", teams);
        }
        return spec.query((rs, n) -> sweep(rs)).list();
    }

    List<String> clustersWithOpenSweeps() {
        return jdbc.sql("select distinct cluster_name from sweeps where ended_at is null or (state = 'LOST' and "
                        + "array_job_id is null)")
                .query(String.class)
                .list();
    }

    /** Sweeps that Slurm took and that have not ended. */
    List<OpenSweep> following(String cluster) {
        return jdbc.sql(
                        "select * from sweeps where cluster_name = :c and ended_at is null and array_job_id is not null")
                .param("c", cluster)
                .query((rs, n) -> openSweep(rs))
                .list();
    }

    List<String> clustersWithSweepsWithoutArray() {
        return rows.clustersWithoutJob();
    }

    /** Sweeps whose submit answer was not seen (LOST ones too, so that a late array is still adopted). */
    List<OpenSweep> withoutArray(String cluster) {
        return rows.withoutJob(cluster, (rs, n) -> openSweep(rs));
    }

    /**
     * Trials take the job ids Slurm gave their tasks (trial run id → job id; the tracker matched them
     * in the mirror), in one statement; a trial that has a job already or has ended keeps what it has.
     */
    int attachTrialJobs(Map<String, Long> jobByTrial, Instant now) {
        if (jobByTrial.isEmpty()) {
            return 0;
        }
        List<String> runIds = List.copyOf(jobByTrial.keySet());
        return jdbc.sql("""
                        update runs r set slurm_job_id = t.job_id, submitted_at = coalesce(r.submitted_at, :now)
                        from unnest(cast(:ids as varchar[]), cast(:jobs as bigint[])) as t(id, job_id)
                        where r.id = t.id and r.sweep_id is not null and r.slurm_job_id is null
                            and r.ended_at is null""")
                .param("now", ts(now))
                .param("ids", runIds.toArray(String[]::new))
                .param("jobs", runIds.stream().map(jobByTrial::get).toArray(Long[]::new))
                .update();
    }

    /** Open trials that have no job of their own yet, by sweep, in index order; one read for all sweeps. */
    Map<String, List<TrialRow>> trialsWithoutJob(Collection<String> sweepIds) {
        if (sweepIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<TrialRow>> out = new HashMap<>();
        jdbc.sql("""
                        select sweep_id, id, trial_index, state, state_reason from runs
                        where sweep_id = any(cast(:s as varchar[])) and slurm_job_id is null and ended_at is null
                        order by sweep_id, trial_index""").param("s", sweepIds.toArray(String[]::new)).query((ResultSet rs) -> {
            out.computeIfAbsent(rs.getString("sweep_id"), k -> new ArrayList<>())
                    .add(trialRow(rs));
        });
        return out;
    }

    /** Trials in the given states (e.g. QUEUED and LOST when the array turns up). */
    List<TrialRow> trialsIn(String sweepId, Collection<RunState> states) {
        return jdbc.sql("""
                        select id, trial_index, state, state_reason from runs
                        where sweep_id = :s and state in (:states) order by trial_index""")
                .param("s", sweepId)
                .param("states", states.stream().map(Enum::name).toList())
                .query((rs, n) -> trialRow(rs))
                .list();
    }

    /** Submitted sweeps of the cluster whose trials have all ended. */
    List<OpenSweep> finished(String cluster) {
        return jdbc.sql("""
                        select * from sweeps s where s.cluster_name = :c and s.ended_at is null
                            and s.array_job_id is not null
                            and not exists (select 1 from runs r where r.sweep_id = s.id and r.ended_at is null)""").param("c", cluster).query((rs, n) -> openSweep(rs)).list();
    }

    /** Trials in index order with their submitted params and the final value of {@code metric}. */
    List<SweepTrialRun> trials(String sweepId, String metric) {
        Map<String, Map<String, String>> params = new HashMap<>();
        jdbc.sql("""
                        select p.run_id, p.key, p.value from run_params p join runs r on r.id = p.run_id
                        where r.sweep_id = :s and p.source = 'submit'""").param("s", sweepId).query((ResultSet rs) -> {
            params.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
        });
        Map<String, Double> values = new HashMap<>();
        jdbc.sql("""
                        select distinct on (m.run_id) m.run_id, m.value from run_metrics m join runs r on r.id = m.run_id
                        where r.sweep_id = :s and m.key = :k order by m.run_id, m.step desc, m.at desc""").param("s", sweepId).param("k", metric).query((ResultSet rs) -> {
            values.put(rs.getString(1), rs.getDouble(2));
        });
        List<String> order = find(sweepId).map(s -> names(s.space())).orElse(List.of());
        List<SweepTrialRun> out = new ArrayList<>();
        jdbc.sql("""
                        select id, trial_index, state, state_reason, slurm_job_id from runs where sweep_id = :s
                        order by trial_index""").param("s", sweepId).query((ResultSet rs) -> {
            String id = rs.getString("id");
            out.add(new SweepTrialRun(
                    rs.getInt("trial_index"),
                    id,
                    RunState.valueOf(rs.getString("state")),
                    rs.getString("state_reason"),
                    ordered(params.getOrDefault(id, Map.of()), order),
                    (Long) rs.getObject("slurm_job_id"),
                    values.get(id)));
        });
        return out;
    }

    /** Parameter names in the order of the sweep's space (its lines). */
    private static List<String> names(String space) {
        return space.lines()
                .map(String::strip)
                .filter(l -> l.contains("=") && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('=')).strip())
                .toList();
    }

    private static Map<String, String> ordered(Map<String, String> params, List<String> order) {
        var out = new LinkedHashMap<String, String>();
        for (String name : order) {
            if (params.containsKey(name)) {
                out.put(name, params.get(name));
            }
        }
        params.forEach(out::putIfAbsent);
        return out;
    }

    private static TrialRow trialRow(ResultSet rs) throws SQLException {
        return new TrialRow(
                rs.getString("id"),
                rs.getInt("trial_index"),
                RunState.valueOf(rs.getString("state")),
                rs.getString("state_reason"));
    }

    private static OpenSweep openSweep(ResultSet rs) throws SQLException {
        return new OpenSweep(
                rs.getString("id"),
                rs.getString("team"),
                rs.getString("cluster_name"),
                rs.getString("slurm_user"),
                rs.getString("account"),
                SweepState.valueOf(rs.getString("state")),
                (Long) rs.getObject("array_job_id"),
                instant(rs.getTimestamp("submit_started_at")));
    }

    private static Sweep sweep(ResultSet rs) throws SQLException {
        String notes = rs.getString("notes");
        return new Sweep(
                rs.getString("id"),
                rs.getString("team"),
                rs.getString("owner"),
                rs.getString("cluster_name"),
                rs.getString("slurm_user"),
                rs.getString("account"),
                SweepState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                rs.getString("script"),
                rs.getString("space"),
                SweepSpec.Strategy.valueOf(rs.getString("strategy")),
                rs.getInt("samples"),
                rs.getLong("seed"),
                rs.getString("objective_metric"),
                SweepObjective.Goal.valueOf(rs.getString("objective_goal")),
                rs.getInt("max_concurrent"),
                rs.getInt("trial_count"),
                rs.getString("job_name"),
                rs.getInt("cpus_per_trial"),
                rs.getInt("gpus_per_trial"),
                rs.getString("partition_name"),
                (Integer) rs.getObject("time_limit_minutes"),
                (Long) rs.getObject("array_job_id"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("submitted_at")),
                instant(rs.getTimestamp("ended_at")),
                notes.isEmpty() ? List.of() : List.of(notes.split("\n")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

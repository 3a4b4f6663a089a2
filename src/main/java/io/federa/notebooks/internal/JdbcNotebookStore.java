package io.federa.notebooks.internal;

import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookResources;
import io.federa.notebooks.NotebookState;
import io.federa.shared.SecretBox;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The notebooks table. State changes are conditional updates ("from one of these states"), so two
 * replicas, a person and the follower never both move one notebook. The Jupyter token is encrypted
 * with the portal's secrets key and decrypted only for the proxy.
 */
@Repository
class JdbcNotebookStore {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    JdbcNotebookStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** The Slurm side of a new notebook; null for Kubernetes. */
    record SlurmTarget(
            String slurmUser, String account, @Nullable String partition, String reportTokenHash) {}

    void insert(Notebook n, String jupyterToken, @Nullable SlurmTarget slurm) {
        jdbc.sql("""
                        insert into notebooks (id, owner, team, kind, cluster, image, cpus, memory_mib, gpus,
                            time_limit_minutes, idle_cull_minutes, state, reason, created_at, state_changed_at,
                            upstream_url, jupyter_token, namespace, slurm_user, account, partition,
                            submit_started_at, report_token_hash)
                        values (:id, :owner, :team, :kind, :cluster, :image, :cpus, :memory, :gpus,
                            :timeLimit, :idleCull, :state, :reason, :created, :created,
                            :upstream, :token, :namespace, :slurmUser, :account, :partition,
                            :submitStarted, :reportHash)""")
                .param("id", n.id())
                .param("owner", n.owner())
                .param("team", n.team())
                .param("kind", n.kind().name())
                .param("cluster", n.cluster())
                .param("image", n.image())
                .param("cpus", n.resources().cpus())
                .param("memory", n.resources().memoryMib())
                .param("gpus", n.resources().gpus())
                .param("timeLimit", n.resources().timeLimitMinutes(), Types.INTEGER)
                .param("idleCull", (int) n.idleCull().toMinutes())
                .param("state", n.state().name())
                .param("reason", n.reason())
                .param("created", Timestamp.from(n.createdAt()))
                .param("upstream", n.upstream() == null ? null : n.upstream().toString(), Types.VARCHAR)
                .param("token", secrets.encrypt(jupyterToken))
                .param("namespace", n.namespace(), Types.VARCHAR)
                .param("slurmUser", slurm == null ? null : slurm.slurmUser(), Types.VARCHAR)
                .param("account", slurm == null ? null : slurm.account(), Types.VARCHAR)
                .param("partition", slurm == null ? null : slurm.partition(), Types.VARCHAR)
                .param("submitStarted", slurm == null ? null : Timestamp.from(n.createdAt()), Types.TIMESTAMP)
                .param("reportHash", slurm == null ? null : slurm.reportTokenHash(), Types.VARCHAR)
                .update();
    }

    Optional<Notebook> find(String id) {
        return jdbc.sql("select * from notebooks where id = :id and state <> 'DELETED'")
                .param("id", id)
                .query((rs, n) -> notebook(rs))
                .optional();
    }

    /** Not deleted, newest first; {@code owner} null for every owner. */
    List<Notebook> list(@Nullable String owner) {
        return jdbc.sql("select * from notebooks where state <> 'DELETED'"
                        + (owner == null ? "" : " and owner = :owner") + " order by created_at desc, id")
                .paramSource(owner == null ? java.util.Map.of() : java.util.Map.of("owner", owner))
                .query((rs, n) -> notebook(rs))
                .list();
    }

    /** Notebooks of {@code kind} in one of {@code states}. */
    List<Notebook> inStates(NotebookKind kind, Collection<NotebookState> states) {
        return jdbc.sql("select * from notebooks where kind = :kind and state in (:states) order by created_at, id")
                .param("kind", kind.name())
                .param("states", states.stream().map(Enum::name).toList())
                .query((rs, n) -> notebook(rs))
                .list();
    }

    /** A notebook that waits in {@code state}, and since when. */
    record Waiting(Notebook notebook, Instant since) {}

    /** Notebooks of {@code kind} in {@code state} since before {@code before}, oldest first. */
    List<Waiting> waitingSince(NotebookKind kind, NotebookState state, Instant before) {
        return jdbc.sql("""
                        select * from notebooks where kind = :kind and state = :state and state_changed_at < :before
                        order by state_changed_at, id""")
                .param("kind", kind.name())
                .param("state", state.name())
                .param("before", Timestamp.from(before))
                .query((rs, n) -> new Waiting(
                        notebook(rs), rs.getTimestamp("state_changed_at").toInstant()))
                .list();
    }

    /**
     * Moves the notebook to {@code to} with {@code reason} if it is in one of {@code from}; false when
     * it was not (someone else moved it first).
     */
    boolean move(String id, Collection<NotebookState> from, NotebookState to, String reason, Instant at) {
        return jdbc.sql("""
                                update notebooks set state = :to, reason = :reason, state_changed_at = :at,
                                    started_at = case when :to = 'READY' and started_at is null then :at
                                                      when :to = 'READY' and state <> 'READY' then :at
                                                      else started_at end,
                                    last_activity_at = case when :to = 'READY' and state <> 'READY' then :at
                                                      else last_activity_at end,
                                    cull_warned_at = case when :to = 'READY' then cull_warned_at else null end
                                where id = :id and state in (:from)""")
                        .param("id", id)
                        .param("to", to.name())
                        .param("reason", clip(reason))
                        .param("at", Timestamp.from(at))
                        .param("from", from.stream().map(Enum::name).toList())
                        .update()
                == 1;
    }

    /** The reason changes, the state does not (progress in words). */
    void reason(String id, NotebookState state, String reason) {
        jdbc.sql("update notebooks set reason = :reason where id = :id and state = :state and reason <> :reason")
                .param("id", id)
                .param("state", state.name())
                .param("reason", clip(reason))
                .update();
    }

    void upstream(String id, @Nullable URI upstream) {
        jdbc.sql("update notebooks set upstream_url = :u where id = :id")
                .param("id", id)
                .param("u", upstream == null ? null : upstream.toString(), Types.VARCHAR)
                .update();
    }

    void jobFound(String id, long jobId) {
        jdbc.sql("update notebooks set slurm_job_id = :job where id = :id and slurm_job_id is null")
                .param("id", id)
                .param("job", jobId)
                .update();
    }

    /** A Slurm notebook starts again: a new submit, a new job. */
    void resubmitting(String id, String reportTokenHash, Instant at) {
        jdbc.sql("""
                        update notebooks set slurm_job_id = null, submit_started_at = :at, upstream_url = null,
                            report_token_hash = :hash where id = :id""")
                .param("id", id)
                .param("at", Timestamp.from(at))
                .param("hash", reportTokenHash)
                .update();
    }

    void activity(String id, Instant at) {
        jdbc.sql("""
                        update notebooks set last_activity_at = :at, cull_warned_at = null
                        where id = :id and (last_activity_at is null or last_activity_at < :at)""").param("id", id).param("at", Timestamp.from(at)).update();
    }

    void warned(String id, Instant at) {
        jdbc.sql("update notebooks set cull_warned_at = :at where id = :id and cull_warned_at is null")
                .param("id", id)
                .param("at", Timestamp.from(at))
                .update();
    }

    void shared(String id, boolean shared) {
        jdbc.sql("update notebooks set shared_with_admins = :s where id = :id")
                .param("id", id)
                .param("s", shared)
                .update();
    }

    String jupyterToken(String id) {
        byte[] sealed = jdbc.sql("select jupyter_token from notebooks where id = :id")
                .param("id", id)
                .query(byte[].class)
                .single();
        return secrets.decrypt(sealed);
    }

    Optional<String> reportTokenHash(String id) {
        return jdbc.sql("select report_token_hash from notebooks where id = :id and kind = 'SLURM'")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /** Slurm user and account of a Slurm notebook (for the exactly-once core and scancel). */
    record SlurmSide(
            String slurmUser,
            String account,
            @Nullable String partition,
            @Nullable Instant submitStartedAt) {}

    Optional<SlurmSide> slurmSide(String id) {
        return jdbc.sql("select slurm_user, account, partition, submit_started_at from notebooks"
                        + " where id = :id and kind = 'SLURM'")
                .param("id", id)
                .query((rs, n) -> new SlurmSide(
                        rs.getString("slurm_user"),
                        rs.getString("account"),
                        rs.getString("partition"),
                        instant(rs, "submit_started_at")))
                .optional();
    }

    /** Slurm notebooks whose submit started and that have no job yet, on {@code cluster} (null: all). */
    List<String> clustersWithoutJob() {
        return jdbc.sql("""
                        select distinct cluster from notebooks
                        where kind = 'SLURM' and state = 'REQUESTED' and slurm_job_id is null
                          and submit_started_at is not null""").query(String.class).list();
    }

    record Unanswered(
            String id,
            String slurmUser,
            String account,
            @Nullable Instant submitStartedAt) {}

    List<Unanswered> withoutJob(String cluster) {
        return jdbc.sql("""
                        select id, slurm_user, account, submit_started_at from notebooks
                        where kind = 'SLURM' and state = 'REQUESTED' and slurm_job_id is null
                          and submit_started_at is not null and cluster = :cluster""")
                .param("cluster", cluster)
                .query((rs, n) -> new Unanswered(
                        rs.getString("id"),
                        rs.getString("slurm_user"),
                        rs.getString("account"),
                        instant(rs, "submit_started_at")))
                .list();
    }

    private static String clip(String reason) {
        return reason.length() > 2000 ? reason.substring(0, 1997) + "…" : reason;
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Notebook notebook(ResultSet rs) throws SQLException {
        String upstream = rs.getString("upstream_url");
        long job = rs.getLong("slurm_job_id");
        boolean noJob = rs.wasNull();
        int timeLimit = rs.getInt("time_limit_minutes");
        boolean noTimeLimit = rs.wasNull();
        return new Notebook(
                rs.getString("id"),
                rs.getString("owner"),
                rs.getString("team"),
                NotebookKind.valueOf(rs.getString("kind")),
                rs.getString("cluster"),
                rs.getString("image"),
                new NotebookResources(
                        rs.getInt("cpus"), rs.getInt("memory_mib"), rs.getInt("gpus"), noTimeLimit ? null : timeLimit),
                Duration.ofMinutes(rs.getInt("idle_cull_minutes")),
                NotebookState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "started_at"),
                instant(rs, "last_activity_at"),
                upstream == null ? null : URI.create(upstream),
                rs.getString("namespace"),
                noJob ? null : job,
                rs.getBoolean("shared_with_admins"),
                instant(rs, "cull_warned_at"));
    }
}

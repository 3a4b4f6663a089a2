package io.federa.runs.internal;

import static io.federa.runs.internal.JdbcRunStore.ts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL that runs and sweeps share: both are rows submitted exactly once ({@code ExactlyOnceCore})
 * with {@code id}, {@code cluster_name}, {@code state}, {@code state_reason}, {@code
 * submit_started_at}, {@code ended_at}, {@code created_at} and the id of the Slurm job that carries
 * them ({@code runs.slurm_job_id}, {@code sweeps.array_job_id}). {@link JdbcRunStore} and {@link
 * JdbcSweepStore} each hold one over their table. Table and column names are constants of this class;
 * every value is a bound parameter.
 */
final class SubmittedRows {

    /** The tables, with the column holding the Slurm job id. */
    enum Table {
        RUNS("runs", "slurm_job_id"),
        SWEEPS("sweeps", "array_job_id");

        final String name;
        final String jobColumn;

        Table(String name, String jobColumn) {
            this.name = name;
            this.jobColumn = jobColumn;
        }
    }

    /**
     * Submitted, their answer not seen (no job id although the submit started), and open or LOST: a
     * job that turns up late is still adopted.
     */
    private static final String WITHOUT_JOB =
            " is null and submit_started_at is not null and (ended_at is null or state = 'LOST')";

    private final JdbcClient jdbc;
    private final Table table;

    SubmittedRows(JdbcClient jdbc, Table table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** The row with this id, if there is one. */
    <T> Optional<T> byId(String id, RowMapper<T> row) {
        return jdbc.sql("select * from " + table.name + " where id = :id")
                .param("id", id)
                .query(row)
                .optional();
    }

    void setReason(String id, String reason) {
        jdbc.sql("update " + table.name + " set state_reason = :reason where id = :id")
                .param("reason", reason)
                .param("id", id)
                .update();
    }

    /**
     * Moves a row from state {@code from} to {@code to} (ended at {@code now} when {@code to} is final);
     * false, and nothing written, when it was no longer in {@code from}, so that concurrent trackers never
     * record a step twice. {@code alsoSet} (", column = :param", a constant of the caller) and its
     * parameters are set in the same statement.
     */
    boolean transition(
            String id,
            String from,
            String to,
            boolean isFinal,
            String reason,
            Instant now,
            String alsoSet,
            Map<String, ?> alsoParams) {
        return jdbc.sql("update " + table.name + " set state = :to, state_reason = :reason, ended_at = case when "
                                + "cast(:final as boolean) then cast(:now as timestamptz) else null end" + alsoSet
                                + " where id = :id and state = :from")
                        .params(alsoParams)
                        .param("to", to)
                        .param("reason", reason)
                        .param("final", isFinal)
                        .param("now", ts(now))
                        .param("id", id)
                        .param("from", from)
                        .update()
                == 1;
    }

    /**
     * Records the row's Slurm job id (and the time it was submitted, if not yet); false when it has one
     * already (it is never replaced). {@code alsoSet} as for {@link #transition}.
     */
    boolean attach(String id, long jobId, Instant now, String alsoSet, Map<String, ?> alsoParams) {
        return jdbc.sql("update " + table.name + " set " + table.jobColumn
                                + " = :job, submitted_at = coalesce(submitted_at, :now)" + alsoSet
                                + " where id = :id and " + table.jobColumn + " is null")
                        .params(alsoParams)
                        .param("job", jobId)
                        .param("now", ts(now))
                        .param("id", id)
                        .update()
                == 1;
    }

    /** The clusters with rows whose submit answer was not seen. */
    List<String> clustersWithoutJob() {
        return jdbc.sql("select distinct cluster_name from " + table.name + " where " + table.jobColumn + WITHOUT_JOB)
                .query(String.class)
                .list();
    }

    /** The rows of a cluster whose submit answer was not seen, oldest first. */
    <T> List<T> withoutJob(String cluster, RowMapper<T> row) {
        return jdbc.sql("select * from " + table.name + " where cluster_name = :c and " + table.jobColumn + WITHOUT_JOB
                        + " order by created_at")
                .param("c", cluster)
                .query(row)
                .list();
    }
}

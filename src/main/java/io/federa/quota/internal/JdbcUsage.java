package io.federa.quota.internal;

import io.federa.identity.CurrentUser;
import io.federa.quota.JobUsage;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import io.federa.shared.NotAllowedException;
import io.federa.tenancy.TeamDirectory;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger in two tables: {@code usage_jobs} (one row per job, the lock that serializes
 * re-recordings of the same job) and {@code usage_days} (its per-day slices, replaced as a whole on
 * every recording). Reads sum the slices of one team. See docs/adr/0010-usage-ledger.md.
 */
@Service
class JdbcUsage implements Usage {

    /** Longest range one read may cover, so that a request cannot ask the database for centuries. */
    static final int MAX_DAYS = 3_700;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TeamDirectory teams;
    private final Clock clock;
    private final UsageRows rows;

    JdbcUsage(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TeamDirectory teams, Clock clock, UsageRows rows) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.teams = teams;
        this.clock = clock;
        this.rows = rows;
    }

    @Override
    @Transactional
    public void record(JobUsage job) {
        Instant now = clock.instant();
        Instant until = job.end() != null ? job.end() : now;
        // the upsert locks the job's row: a concurrent recording of the same job waits for this one
        jdbc.sql("""
                        insert into usage_jobs (cluster_name, job_id, team, start_time, end_time, counted_until,
                            cpus, gpus, recorded_at)
                        values (:cluster, :job, :team, :start, :end, :until, :cpus, :gpus, :now)
                        on conflict (cluster_name, job_id) do update set team = excluded.team,
                            start_time = excluded.start_time, end_time = excluded.end_time,
                            counted_until = excluded.counted_until, cpus = excluded.cpus, gpus = excluded.gpus,
                            recorded_at = excluded.recorded_at""")
                .param("cluster", job.cluster())
                .param("job", job.jobId())
                .param("team", job.team())
                .param("start", Timestamp.from(job.start()))
                .param("end", job.end() == null ? null : Timestamp.from(job.end()), Types.TIMESTAMP)
                .param("until", Timestamp.from(until))
                .param("cpus", job.cpus())
                .param("gpus", job.gpus())
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql("delete from usage_days where cluster_name = :cluster and job_id = :job")
                .param("cluster", job.cluster())
                .param("job", job.jobId())
                .update();
        List<DaySlices.DaySlice> slices = DaySlices.split(job.start(), until);
        jdbcTemplate.batchUpdate("""
                insert into usage_days (cluster_name, job_id, day, team, cpu_seconds, gpu_seconds)
                values (?, ?, ?, ?, ?, ?)""", slices, 500, (ps, s) -> {
            ps.setString(1, job.cluster());
            ps.setLong(2, job.jobId());
            ps.setDate(3, Date.valueOf(s.day()));
            ps.setString(4, job.team());
            ps.setLong(5, s.seconds() * job.cpus());
            ps.setLong(6, s.seconds() * job.gpus());
        });
    }

    @Override
    @Transactional(readOnly = true)
    public List<UsageTotal> daily(
            CurrentUser user, String team, @Nullable String cluster, LocalDate from, LocalDate to) {
        return totals(user, team, cluster, from, to, "day");
    }

    @Override
    @Transactional(readOnly = true)
    public List<UsageTotal> monthly(
            CurrentUser user, String team, @Nullable String cluster, YearMonth from, YearMonth to) {
        return totals(user, team, cluster, from.atDay(1), to.atEndOfMonth(), "month");
    }

    @Override
    @Transactional(readOnly = true)
    public UsageTotal monthToDate(CurrentUser user, String team, String cluster) {
        requireMayActFor(user, team);
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
        UsageRows.Seconds used = rows.monthToDate(team, cluster);
        return new UsageTotal(team, cluster, first, used.cpuSeconds(), used.gpuSeconds());
    }

    private List<UsageTotal> totals(
            CurrentUser user, String team, @Nullable String cluster, LocalDate from, LocalDate to, String unit) {
        requireMayActFor(user, team);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the range ends before it starts: " + from + " to " + to);
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("a usage range may cover at most " + MAX_DAYS + " days");
        }
        // unit is one of two constants, never input
        String period = unit.equals("day") ? "day" : "date_trunc('month', day)::date";
        boolean oneCluster = cluster != null && !cluster.isBlank();
        return jdbc.sql("select " + period + " as period, cluster_name, sum(cpu_seconds), sum(gpu_seconds)"
                        + " from usage_days where team = :team and day between :from and :to"
                        + (oneCluster ? " and cluster_name = :cluster" : "")
                        + " group by 1, 2 order by 1, 2")
                .param("team", team)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .params(oneCluster ? java.util.Map.of("cluster", cluster) : java.util.Map.of())
                .query((rs, n) -> total(team, rs))
                .list();
    }

    private void requireMayActFor(CurrentUser user, String team) {
        if (!teams.mayActFor(user, team)) {
            throw new NotAllowedException("You may not see the usage of team " + team + ".");
        }
    }

    private static UsageTotal total(String team, ResultSet rs) throws SQLException {
        return new UsageTotal(team, rs.getString(2), rs.getDate(1).toLocalDate(), rs.getLong(3), rs.getLong(4));
    }
}

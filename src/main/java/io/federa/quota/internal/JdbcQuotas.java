package io.federa.quota.internal;

import io.federa.quota.QuotaExceededException;
import io.federa.quota.QuotaUsage;
import io.federa.quota.Quotas;
import io.federa.quota.Reservation;
import io.federa.quota.TeamQuota;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reservations are serialized per (team, cluster) by a row lock on the team's quota row ({@code
 * select ... for update}): the check "held + wanted ≤ limit" and the insert happen while no other
 * reservation of that team on that cluster can, so concurrent submissions cannot all pass.
 */
@Service
class JdbcQuotas implements Quotas {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcQuotas(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<TeamQuota> quotaOf(String team, String cluster) {
        return jdbc.sql("select * from team_quotas where team = :team and cluster_name = :cluster")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> new TeamQuota(
                        rs.getString("team"),
                        rs.getString("cluster_name"),
                        (Integer) rs.getObject("max_cpus"),
                        (Integer) rs.getObject("max_gpus"),
                        (Integer) rs.getObject("max_jobs")))
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public QuotaUsage usage(String team, String cluster) {
        Held held = held(team, cluster);
        return new QuotaUsage(held.cpus(), held.gpus(), held.jobs());
    }

    private Held held(String team, String cluster) {
        return jdbc.sql("""
                        select coalesce(sum(cpus), 0), coalesce(sum(gpus), 0), count(*) from quota_reservations
                        where team = :team and cluster_name = :cluster and released_at is null""")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> new Held(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }

    @Override
    @Transactional
    public void setQuota(TeamQuota q) {
        jdbc.sql("""
                        insert into team_quotas (team, cluster_name, max_cpus, max_gpus, max_jobs, updated_at)
                        values (:team, :cluster, :cpus, :gpus, :jobs, :now)
                        on conflict (team, cluster_name) do update set max_cpus = excluded.max_cpus,
                            max_gpus = excluded.max_gpus, max_jobs = excluded.max_jobs,
                            updated_at = excluded.updated_at""")
                .param("team", q.team())
                .param("cluster", q.cluster())
                .param("cpus", q.maxCpus(), Types.INTEGER)
                .param("gpus", q.maxGpus(), Types.INTEGER)
                .param("jobs", q.maxJobs(), Types.INTEGER)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    @Override
    @Transactional
    public Reservation reserve(String team, String cluster, String runRef, int cpus, int gpus) {
        if (cpus < 0 || gpus < 0) {
            throw new IllegalArgumentException("negative resources");
        }
        // the lock: held until commit, so the sum below cannot change under us
        Optional<TeamQuota> quota = jdbc.sql(
                        "select * from team_quotas where team = :team and cluster_name = :cluster for update")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> new TeamQuota(
                        team, cluster, (Integer) rs.getObject("max_cpus"), (Integer) rs.getObject("max_gpus"), (Integer)
                                rs.getObject("max_jobs")))
                .optional();
        Optional<Reservation> existing = find(runRef);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (quota.isPresent()) {
            Held held = held(team, cluster);
            check("CPUs", quota.get().maxCpus(), held.cpus(), cpus, team, cluster);
            check("GPUs", quota.get().maxGpus(), held.gpus(), gpus, team, cluster);
            check("jobs", quota.get().maxJobs(), held.jobs(), 1, team, cluster);
        }
        long id = jdbc.sql("""
                        insert into quota_reservations (team, cluster_name, run_ref, cpus, gpus, created_at)
                        values (:team, :cluster, :ref, :cpus, :gpus, :now) returning id""")
                .param("team", team)
                .param("cluster", cluster)
                .param("ref", runRef)
                .param("cpus", cpus)
                .param("gpus", gpus)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return new Reservation(id, team, cluster, runRef, cpus, gpus);
    }

    @Override
    @Transactional
    public void release(String runRef) {
        jdbc.sql("update quota_reservations set released_at = :now where run_ref = :ref and released_at is null")
                .param("now", Timestamp.from(clock.instant()))
                .param("ref", runRef)
                .update();
    }

    private Optional<Reservation> find(String runRef) {
        return jdbc.sql("select * from quota_reservations where run_ref = :ref and released_at is null")
                .param("ref", runRef)
                .query((rs, n) -> new Reservation(
                        rs.getLong("id"),
                        rs.getString("team"),
                        rs.getString("cluster_name"),
                        rs.getString("run_ref"),
                        rs.getInt("cpus"),
                        rs.getInt("gpus")))
                .optional();
    }

    private static void check(String what, @Nullable Integer limit, int held, int wanted, String team, String cluster) {
        if (limit != null && held + wanted > limit) {
            throw new QuotaExceededException("Team " + team + " may use " + limit + " " + what + " on " + cluster
                    + "; " + held + " are in use by its other work, so " + wanted + " more would exceed the quota"
                    + (limit - held > 0 ? " (" + (limit - held) + " left)." : " (none left)."));
        }
    }

    private record Held(int cpus, int gpus, int jobs) {}
}

package io.federa.quota.internal;

import io.federa.identity.CurrentUser;
import io.federa.quota.InUse;
import io.federa.quota.InvalidQuotaException;
import io.federa.quota.QosPushStatus;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.QuotaOverview;
import io.federa.quota.Quotas;
import io.federa.quota.QuotasChanged;
import io.federa.quota.Reservation;
import io.federa.quota.TeamQuota;
import io.federa.shared.NotAllowedException;
import io.federa.tenancy.TeamDirectory;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reservations are serialized per (team, cluster) by a row lock on the team's quota row ({@code
 * select ... for update}): the check "held + wanted ≤ limit" and the insert happen while no other
 * reservation of that team on that cluster can, so concurrent submissions cannot all pass.
 *
 * <p>{@link #setQuota} commits the quota first and pushes it to Slurm after (ADR 9): a Slurm call
 * never runs while this transaction holds locks.
 */
@Service
class JdbcQuotas implements Quotas {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final QosPusher pusher;
    private final TeamDirectory teams;
    private final ApplicationEventPublisher events;
    private final UsageRows usage;
    private final QuotaAudit audit;

    JdbcQuotas(
            JdbcClient jdbc,
            Clock clock,
            TransactionTemplate tx,
            QosPusher pusher,
            TeamDirectory teams,
            ApplicationEventPublisher events,
            UsageRows usage,
            QuotaAudit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.pusher = pusher;
        this.teams = teams;
        this.events = events;
        this.usage = usage;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<TeamQuota> quotaOf(String team, String cluster) {
        return QuotaRows.find(jdbc, team, cluster, false).map(QuotaRows.Versioned::quota);
    }

    @Override
    public void setQuota(TeamQuota q) {
        validate(q);
        tx.executeWithoutResult(status -> {
            TeamQuota before = QuotaRows.find(jdbc, q.team(), q.cluster(), true)
                    .map(QuotaRows.Versioned::quota)
                    .orElse(null);
            jdbc.sql("""
                            insert into team_quotas (team, cluster_name, max_cpus, max_gpus, max_jobs,
                                cpu_hours_per_month, gpu_hours_per_month, updated_at)
                            values (:team, :cluster, :cpus, :gpus, :jobs, :cpuHours, :gpuHours, :now)
                            on conflict (team, cluster_name) do update set max_cpus = excluded.max_cpus,
                                max_gpus = excluded.max_gpus, max_jobs = excluded.max_jobs,
                                cpu_hours_per_month = excluded.cpu_hours_per_month,
                                gpu_hours_per_month = excluded.gpu_hours_per_month,
                                updated_at = excluded.updated_at, version = team_quotas.version + 1""")
                    .param("team", q.team())
                    .param("cluster", q.cluster())
                    .param("cpus", q.maxCpus(), Types.INTEGER)
                    .param("gpus", q.maxGpus(), Types.INTEGER)
                    .param("jobs", q.maxJobs(), Types.INTEGER)
                    .param("cpuHours", q.cpuHoursPerMonth(), Types.INTEGER)
                    .param("gpuHours", q.gpuHoursPerMonth(), Types.INTEGER)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            pusher.track(q.team(), q.cluster());
            audit.quotaSet(before, q);
            events.publishEvent(new QuotasChanged(q.team()));
        });
        pusher.pushAfterCommit(q.team(), q.cluster());
    }

    @Override
    public QosPushStatus pushAgain(String team, String cluster) {
        if (QuotaRows.find(jdbc, team, cluster, false).isEmpty()) {
            throw new InvalidQuotaException("Team " + team + " has no quota on " + cluster + " to push.");
        }
        return pusher.push(team, cluster);
    }

    @Override
    @Transactional(readOnly = true)
    public List<QuotaOverview> allQuotas() {
        return overview(null);
    }

    @Override
    @Transactional(readOnly = true)
    public List<QuotaOverview> quotasOf(CurrentUser user, String team) {
        if (!teams.mayActFor(user, team)) {
            throw new NotAllowedException("You are not a member of team " + team + ".");
        }
        return overview(team);
    }

    private List<QuotaOverview> overview(@Nullable String team) {
        return jdbc.sql("""
                        select q.*, p.qos_name, p.pushed_version, p.pushed_at, p.last_attempt_at, p.last_error,
                            p.note, p.drift, p.drift_at,
                            coalesce(r.cpus, 0) as held_cpus, coalesce(r.gpus, 0) as held_gpus,
                            coalesce(r.jobs, 0) as held_jobs
                        from team_quotas q
                        left join quota_qos_pushes p on p.team = q.team and p.cluster_name = q.cluster_name
                        left join (select team, cluster_name, sum(cpus) as cpus, sum(gpus) as gpus, count(*) as jobs
                                   from quota_reservations where released_at is null
                                   group by team, cluster_name) r
                            on r.team = q.team and r.cluster_name = q.cluster_name
                        where cast(:team as varchar) is null or q.team = :team
                        order by q.team, q.cluster_name""")
                .param("team", team, Types.VARCHAR)
                .query((rs, n) -> {
                    TeamQuota quota = QuotaRows.quota(rs);
                    String qos = rs.getString("qos_name");
                    var push = QuotaRows.pushStatus(
                            rs,
                            qos != null ? qos : io.federa.clusters.TeamQos.nameFor(quota.team(), quota.cluster()),
                            rs.getLong("version"));
                    var inUse = new InUse(rs.getInt("held_cpus"), rs.getInt("held_gpus"), rs.getInt("held_jobs"));
                    return new QuotaOverview(quota, inUse, push);
                })
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public InUse inUse(String team, String cluster) {
        return held(team, cluster);
    }

    private InUse held(String team, String cluster) {
        return jdbc.sql("""
                        select coalesce(sum(cpus), 0), coalesce(sum(gpus), 0), count(*) from quota_reservations
                        where team = :team and cluster_name = :cluster and released_at is null""")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> new InUse(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }

    @Override
    @Transactional
    public Reservation reserve(String team, String cluster, String runRef, int cpus, int gpus) {
        if (cpus < 0 || gpus < 0) {
            throw new IllegalArgumentException("negative resources");
        }
        // the lock: held until commit, so the sum below cannot change under us
        Optional<TeamQuota> quota = QuotaRows.find(jdbc, team, cluster, true).map(QuotaRows.Versioned::quota);
        Optional<Reservation> existing = find(runRef);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (quota.isPresent()) {
            InUse held = held(team, cluster);
            check("CPUs", quota.get().maxCpus(), held.cpus(), cpus, team, cluster);
            check("GPUs", quota.get().maxGpus(), held.gpus(), gpus, team, cluster);
            check("jobs", quota.get().maxJobs(), held.jobs(), 1, team, cluster);
            checkMonth(quota.get(), cpus, gpus);
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
        events.publishEvent(new QuotasChanged(team));
        return new Reservation(id, team, cluster, runRef, cpus, gpus);
    }

    @Override
    @Transactional
    public void release(String runRef) {
        jdbc.sql("""
                        update quota_reservations set released_at = :now
                        where run_ref = :ref and released_at is null returning team""")
                .param("now", Timestamp.from(clock.instant()))
                .param("ref", runRef)
                .query(String.class)
                .optional()
                .ifPresent(team -> events.publishEvent(new QuotasChanged(team)));
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

    private static void validate(TeamQuota q) {
        if (q.team().isBlank()) {
            throw new InvalidQuotaException("Choose the team the quota is for.");
        }
        if (q.cluster().isBlank()) {
            throw new InvalidQuotaException("Choose the cluster the quota is for.");
        }
        nonNegative("Max CPUs", q.maxCpus());
        nonNegative("Max GPUs", q.maxGpus());
        nonNegative("Max jobs", q.maxJobs());
        nonNegative("CPU-hours per month", q.cpuHoursPerMonth());
        nonNegative("GPU-hours per month", q.gpuHoursPerMonth());
    }

    private static void nonNegative(String field, @Nullable Integer value) {
        if (value != null && value < 0) {
            throw new InvalidQuotaException(field + " must be 0 or more (leave it empty for no limit).");
        }
    }

    /**
     * Monthly hours are checked at submit against what the ledger holds for this calendar month (UTC):
     * a team that has used its hours cannot start more work needing that resource. A running job may
     * still take the team past the limit; Slurm's QOS minutes (where the cluster can hold them) stop it.
     */
    private void checkMonth(TeamQuota q, int cpus, int gpus) {
        if ((q.cpuHoursPerMonth() == null || cpus == 0) && (q.gpuHoursPerMonth() == null || gpus == 0)) {
            return;
        }
        UsageRows.Seconds used = usage.monthToDate(q.team(), q.cluster());
        checkHours("CPU-hours", q.cpuHoursPerMonth(), used.cpuSeconds(), cpus, q);
        checkHours("GPU-hours", q.gpuHoursPerMonth(), used.gpuSeconds(), gpus, q);
    }

    private static void checkHours(String what, @Nullable Integer limit, long usedSeconds, int wanted, TeamQuota q) {
        if (limit != null && wanted > 0 && usedSeconds >= limit * 3600L) {
            throw new QuotaExceededException("Team " + q.team() + " has used " + UsageRows.hours(usedSeconds)
                    + " of its "
                    + limit + " " + what + " on " + q.cluster() + " this month, so it cannot start more work needing "
                    + (what.startsWith("CPU") ? "CPUs" : "GPUs")
                    + " there before the month ends or the quota is raised.");
        }
    }

    private static void check(String what, @Nullable Integer limit, int held, int wanted, String team, String cluster) {
        if (limit != null && held + wanted > limit) {
            throw new QuotaExceededException("Team " + team + " may use " + limit + " " + what + " on " + cluster
                    + "; " + held + " are in use by its other work, so " + wanted + " more would exceed the quota"
                    + (limit - held > 0 ? " (" + (limit - held) + " left)." : " (none left)."));
        }
    }
}

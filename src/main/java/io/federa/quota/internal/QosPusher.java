package io.federa.quota.internal;

import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmLimits;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.quota.QosPushStatus;
import io.federa.quota.QuotasChanged;
import io.federa.quota.TeamQuota;
import io.federa.shared.UserFacingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes a team's stored quota to Slurm as the team's QOS on that cluster ({@link TeamQos}), and
 * records how it went per (team, cluster). See ADR 9.
 *
 * <p>Never inside a transaction that holds locks: the Slurm calls run with no transaction, the
 * outcome is written in a short transaction of its own. Pushes of one (team, cluster) run one at a
 * time and always send what is stored at that moment, so the last save wins in Slurm too.
 */
@Component
class QosPusher {

    private static final Logger log = LoggerFactory.getLogger(QosPusher.class);

    static final String PORTAL_ONLY_HOURS = "Slurm on this cluster cannot limit a QOS's CPU- or GPU-minutes "
            + "through its REST API (v0.0.38, Slurm 22.05): the monthly hours are enforced by the portal only.";

    private final JdbcClient jdbc;
    private final SlurmClients clients;
    private final Clock clock;
    private final TransactionTemplate ownTx;
    private final ApplicationEventPublisher events;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final QuotaAudit audit;

    QosPusher(
            JdbcClient jdbc,
            SlurmClients clients,
            Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            QuotaAudit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.clients = clients;
        this.clock = clock;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
    }

    /** Makes sure the (team, cluster) has a push record; call in the transaction that saves the quota. */
    void track(String team, String cluster) {
        jdbc.sql("""
                        insert into quota_qos_pushes (team, cluster_name, qos_name) values (:team, :cluster, :qos)
                        on conflict (team, cluster_name) do nothing""")
                .param("team", team)
                .param("cluster", cluster)
                .param("qos", TeamQos.nameFor(team, cluster))
                .update();
    }

    /** Pushes once the current transaction has committed; at once when there is none. */
    void pushAfterCommit(String team, String cluster) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    push(team, cluster);
                }
            });
        } else {
            push(team, cluster);
        }
    }

    /** Sends the stored quota to Slurm now and returns the recorded outcome. */
    QosPushStatus push(String team, String cluster) {
        ReentrantLock lock = locks.computeIfAbsent(team + "\u0000" + cluster, k -> new ReentrantLock());
        lock.lock();
        try {
            pushLocked(team, cluster);
        } finally {
            lock.unlock();
        }
        events.publishEvent(new QuotasChanged(team));
        return status(team, cluster).orElseThrow();
    }

    private void pushLocked(String team, String cluster) {
        Optional<QuotaRows.Versioned> stored = QuotaRows.find(jdbc, team, cluster, false);
        if (stored.isEmpty()) {
            return;
        }
        TeamQuota quota = stored.get().quota();
        String name = TeamQos.nameFor(team, cluster);
        ownTx.executeWithoutResult(s -> track(team, cluster)); // quotas saved before pushes existed
        try {
            SlurmAccounting accounting = clients.forCluster(cluster).accounting();
            boolean minutes = accounting.canLimitQosTresMinutes();
            SlurmQos wanted = qosFor(quota, minutes);
            accounting.saveQos(wanted);
            SlurmQos now = find(accounting.qos(), name);
            String differences = differences(wanted.limits(), now);
            if (!differences.isEmpty()) {
                failed(team, cluster, "Slurm accepted the QOS " + name + " but holds other limits: " + differences);
                return;
            }
            boolean hours = quota.cpuHoursPerMonth() != null || quota.gpuHoursPerMonth() != null;
            pushed(team, cluster, stored.get().version(), !minutes && hours ? PORTAL_ONLY_HOURS : null);
        } catch (UserFacingException e) {
            log.info("QOS {} not pushed to {}: {}", name, cluster, e.getMessage());
            failed(team, cluster, e.userMessage());
        } catch (RuntimeException e) {
            log.warn("QOS {} not pushed to {}", name, cluster, e);
            failed(
                    team,
                    cluster,
                    "The portal failed to push the QOS (" + e.getClass().getSimpleName() + "); see the portal's log.");
        }
    }

    /** What the team's QOS must hold on a cluster whose REST API can ({@code minutes}) or cannot set TRES minutes. */
    static SlurmQos qosFor(TeamQuota q, boolean minutes) {
        return new SlurmQos(
                TeamQos.nameFor(q.team(), q.cluster()),
                "Federa quota of team " + q.team() + " on " + q.cluster(),
                new SlurmLimits(
                        q.maxCpus(),
                        q.maxGpus(),
                        q.maxJobs(),
                        null,
                        minutes ? minutesOf(q.cpuHoursPerMonth()) : null,
                        minutes ? minutesOf(q.gpuHoursPerMonth()) : null));
    }

    /** The limits that differ, in words ("GrpTRES cpu: 4 in Slurm, 8 in the portal"); empty when none. */
    static String differences(SlurmLimits wanted, @Nullable SlurmQos inSlurm) {
        if (inSlurm == null) {
            return "the QOS does not exist in Slurm";
        }
        SlurmLimits s = inSlurm.limits();
        List<String> diffs = new ArrayList<>();
        differ(diffs, "GrpTRES cpu", s.grpCpus(), wanted.grpCpus());
        differ(diffs, "GrpTRES gres/gpu", s.grpGpus(), wanted.grpGpus());
        differ(diffs, "GrpJobs", s.grpJobs(), wanted.grpJobs());
        differ(diffs, "MaxSubmitJobsPerUser", s.maxSubmitJobs(), wanted.maxSubmitJobs());
        differ(diffs, "GrpTRESMins cpu", s.grpCpuMinutes(), wanted.grpCpuMinutes());
        differ(diffs, "GrpTRESMins gres/gpu", s.grpGpuMinutes(), wanted.grpGpuMinutes());
        return String.join("; ", diffs);
    }

    static @Nullable SlurmQos find(List<SlurmQos> all, String name) {
        return all.stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
    }

    private static void differ(List<String> diffs, String what, @Nullable Number slurm, @Nullable Number portal) {
        if (!Objects.equals(slurm, portal)) {
            diffs.add(what + ": " + text(slurm) + " in Slurm, " + text(portal) + " in the portal");
        }
    }

    private static String text(@Nullable Number n) {
        return n == null ? "no limit" : n.toString();
    }

    private static @Nullable Long minutesOf(@Nullable Integer hours) {
        return hours == null ? null : hours * 60L;
    }

    private void pushed(String team, String cluster, long version, @Nullable String note) {
        ownTx.executeWithoutResult(s -> {
            audit.pushed(team, cluster, null, note);
            jdbc.sql("""
                        update quota_qos_pushes set pushed_version = :version, pushed_at = :now,
                            last_attempt_at = :now, last_error = null, note = :note
                        where team = :team and cluster_name = :cluster""")
                    .param("version", version)
                    .param("now", Timestamp.from(clock.instant()))
                    .param("note", note, java.sql.Types.VARCHAR)
                    .param("team", team)
                    .param("cluster", cluster)
                    .update();
        });
    }

    private void failed(String team, String cluster, String error) {
        ownTx.executeWithoutResult(s -> {
            audit.pushed(team, cluster, error, null);
            jdbc.sql("""
                        update quota_qos_pushes set last_attempt_at = :now, last_error = :error
                        where team = :team and cluster_name = :cluster""")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("error", error)
                    .param("team", team)
                    .param("cluster", cluster)
                    .update();
        });
    }

    /** Records that the QOS in Slurm no longer held what the portal pushed. */
    void drifted(String team, String cluster, String what) {
        ownTx.executeWithoutResult(s -> jdbc.sql("""
                        update quota_qos_pushes set drift = :drift, drift_at = :now
                        where team = :team and cluster_name = :cluster""")
                .param("drift", what)
                .param("now", Timestamp.from(clock.instant()))
                .param("team", team)
                .param("cluster", cluster)
                .update());
    }

    Optional<QosPushStatus> status(String team, String cluster) {
        return jdbc.sql("""
                        select p.*, q.version from quota_qos_pushes p
                        join team_quotas q on q.team = p.team and q.cluster_name = p.cluster_name
                        where p.team = :team and p.cluster_name = :cluster""")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> QuotaRows.pushStatus(rs, rs.getString("qos_name"), rs.getLong("version")))
                .optional();
    }

    /** (team, version, pushed version) of every quota on the cluster. */
    List<Tracked> trackedOn(String cluster) {
        return jdbc.sql("""
                        select q.*, p.pushed_version from team_quotas q
                        left join quota_qos_pushes p on p.team = q.team and p.cluster_name = q.cluster_name
                        where q.cluster_name = :cluster order by q.team""")
                .param("cluster", cluster)
                .query((rs, n) -> {
                    Long pushed = (Long) rs.getObject("pushed_version");
                    return new Tracked(QuotaRows.quota(rs), pushed == null || pushed < rs.getLong("version"));
                })
                .list();
    }

    List<String> clustersWithQuotas() {
        return jdbc.sql("select distinct cluster_name from team_quotas order by cluster_name")
                .query(String.class)
                .list();
    }

    record Tracked(TeamQuota quota, boolean pending) {}
}
